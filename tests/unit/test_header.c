/*
 * header.c: field iteration over folded and odd lines, unfolding, -t
 * recipients (Resent- rule, repeated and folded fields, groups) and the
 * exact bytes of the edited header block, on made-up blocks and on the
 * headers real callers write (in the CRLF form the spool hands over).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "buf.h"
#include "header.h"
#include "t.h"

#define DATE0	"Date: Thu, 1 Jan 1970 00:00:00 +0000\r\n"
#define MID	"Message-ID: <U1@host.example>\r\n"
/* A UTF-8 name of 59 bytes: more than one encoded-word */
#define UNICODE	"\xc3\x9cn\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9 T\xc3\xabster"
#define NAME	UNICODE " " UNICODE " " UNICODE

static const struct {
	const char	*label;
	const char	*in;
	const char	*want;	/* [name]{value} for each field */
} next_cases[] = {
	{ "empty block", "", "" },
	{ "folded field", "To: a@x,\r\n b@y\r\nSubject: s\r\n",
	  "[To]{ a@x,\r\n b@y}[Subject]{ s}" },
	{ "tab continuation", "Cc: a,\r\n\tb\r\n\t c\r\n",
	  "[Cc]{ a,\r\n\tb\r\n\t c}" },
	{ "not a field", "From x Mon\r\nA: 1\r\n", "[]{From x Mon}[A]{ 1}" },
	{ "continuation first", " cont\r\nA: 1\r\n", "[]{ cont}[A]{ 1}" },
	{ "continuation after junk", "junk\r\n more\r\n",
	  "[]{junk}[]{ more}" },
	{ "no final line end", "A: 1\r\nB: 2", "[A]{ 1}[B]{ 2}" },
	{ "LF line ends", "A: 1\nB: 2\n\tmore\n", "[A]{ 1}[B]{ 2\n\tmore}" },
	{ "space before colon", "Subject : s\r\n", "[Subject]{ s}" },
	{ "empty value", "X-Empty:\r\n", "[X-Empty]{}" },
	{ "empty line", "A: 1\r\n\r\nB: 2\r\n", "[A]{ 1}[]{}[B]{ 2}" },
	{ "colon in value", "A: b:c\r\n", "[A]{ b:c}" },
	{ "8-bit value", "Subject: \xc3\xbc\r\n", "[Subject]{ \xc3\xbc}" },
};

static void
test_next(void)
{
	struct hdr_field f;
	struct buf got = BUF_INIT;
	size_t k, pos, len, sum;
	const char *in;
	int ok;

	for (k = 0; k < sizeof(next_cases) / sizeof(next_cases[0]); k++) {
		in = next_cases[k].in;
		len = strlen(in);
		pos = sum = 0;
		ok = 1;
		buf_reset(&got);
		buf_addstr(&got, "");
		while (hdr_next(in, len, &pos, &f)) {
			/* raw pieces must tile the block exactly */
			ok &= f.raw == in + sum && f.raw_len > 0;
			ok &= f.value >= f.raw &&
			    f.value + f.value_len <= f.raw + f.raw_len;
			sum += f.raw_len;
			buf_printf(&got, "[%.*s]{%.*s}", (int)f.name_len,
			    f.name, (int)f.value_len, f.value);
		}
		T_STREQ(next_cases[k].label, got.data, next_cases[k].want);
		T_CHECK(next_cases[k].label, ok && sum == len && pos == len);
	}
	buf_free(&got);
}

static void
test_is_unfold(void)
{
	static const struct {
		const char	*in, *want;
	} unfold[] = {
		{ "", "" },
		{ " a,\r\n b", " a, b" },
		{ "x\r\n\ty", "x\ty" },
		{ "a\n b", "a b" },
		{ "a\r\nb", "a\r\nb" },
		{ "a\r\n", "a\r\n" },
		{ "a\r\n \r\n b", "a  b" },
	};
	struct hdr_field f;
	size_t k, pos = 0;
	char *p;

	T_CHECK("hdr_next", hdr_next("to: x\r\n", 7, &pos, &f) == 1);
	T_CHECK("hdr_is lower", hdr_is(&f, "To"));
	T_CHECK("hdr_is upper", hdr_is(&f, "TO"));
	T_CHECK("hdr_is prefix", !hdr_is(&f, "T"));
	T_CHECK("hdr_is longer", !hdr_is(&f, "ToX"));
	T_CHECK("hdr_next at end", hdr_next("to: x\r\n", 7, &pos, &f) == 0);
	for (k = 0; k < sizeof(unfold) / sizeof(unfold[0]); k++) {
		p = hdr_unfold(unfold[k].in, strlen(unfold[k].in));
		T_STREQ("unfold", p, unfold[k].want);
		free(p);
	}
}

static const struct {
	const char	*label;
	const char	*in;
	const char	*want;	/* joined, or the error */
} rcpt_cases[] = {
	{ "To Cc Bcc", "To: a@x\r\nCc: b@y\r\nBcc: c@z\r\nFrom: f@x\r\n",
	  "a@x | b@y | c@z" },
	{ "names in any case", "to: a@x\r\nCC: b@y\r\nbcc: c@z\r\n",
	  "a@x | b@y | c@z" },
	{ "Resent- fields win",
	  "To: a@x\r\nResent-To: r@x\r\nResent-Cc: s@x\r\n"
	  "Resent-Bcc: t@x\r\nCc: b@y\r\n", "r@x | s@x | t@x" },
	{ "any Resent- header switches", "To: a@x\r\nResent-Date: d\r\n", "" },
	{ "several To (logwatch)", "To: alice@example.org\r\n"
	  "To: bob@example.net\r\nFrom: root\r\n",
	  "alice@example.org | bob@example.net" },
	{ "duplicates removed", "To: a@x, a@X, A@x\r\nCc: a@x\r\n",
	  "a@x | A@x" },
	{ "folded To", "To: carol,\r\n dave (D),\r\n\t\"E F\" <erin@x>\r\n",
	  "carol | dave | erin@x" },
	{ "groups", "To: undisclosed-recipients:;\r\nBcc: team: b@x, c@x;\r\n",
	  "b@x | c@x" },
	{ "no recipients", "Subject: s\r\nX-To: a@x\r\n", "" },
	{ "empty block", "", "" },
	{ "bad Cc", "To: a@x\r\nCc: <b@y\r\n", "Cc: missing '>'" },
	{ "bad name as written", "bcc: @x\r\n", "bcc: missing local part" },
	{ "mailutils", "Subject: Subj \xc3\xbc\r\nCc: <carol@example.org>\r\n"
	  "Bcc: <bcc@example.org>\r\nX-Extra: 1\r\n"
	  "To: \"Alice\" <alice@example.org>,<bob@example.net>\r\n"
	  "User-Agent: mail (GNU Mailutils 3.15)\r\n",
	  "carol@example.org | bcc@example.org | alice@example.org | "
	  "bob@example.net" },
	{ "git-send-email", "From: =?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= "
	  "<tester@example.com>\r\nTo: Alice <alice@example.org>\r\n"
	  "Cc: carol@example.org,\r\n\t=?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= "
	  "<tester@example.com>\r\n",
	  "alice@example.org | carol@example.org | tester@example.com" },
};

static void
test_recipients(void)
{
	struct addr_list l;
	struct buf got = BUF_INIT;
	char why[256];
	size_t k, j;
	int rc;

	for (k = 0; k < sizeof(rcpt_cases) / sizeof(rcpt_cases[0]); k++) {
		memset(&l, 0, sizeof(l));
		rc = hdr_recipients(rcpt_cases[k].in, strlen(rcpt_cases[k].in),
		    &l, why, sizeof(why));
		buf_reset(&got);
		buf_addstr(&got, "");
		for (j = 0; j < l.n; j++)
			buf_printf(&got, "%s%s", j ? " | " : "", l.v[j]);
		T_STREQ(rcpt_cases[k].label, rc == 0 ? got.data : why,
		    rcpt_cases[k].want);
		T_CHECK(rcpt_cases[k].label, rc == 0 || l.n == 0);
		addr_list_free(&l);
	}
	/* Addresses given as arguments come first and are not repeated. */
	memset(&l, 0, sizeof(l));
	addr_list_add_unique(&l, "a@x");
	rc = hdr_recipients("To: a@X, b@y\r\n", 14, &l, why, sizeof(why));
	T_CHECK("appends unique to the arguments", rc == 0 && l.n == 2 &&
	    strcmp(l.v[0], "a@x") == 0 && strcmp(l.v[1], "b@y") == 0);
	rc = hdr_recipients("To: c@x\r\nCc: <\r\n", 17, &l, why, sizeof(why));
	T_CHECK("error appends nothing", rc == -1 && l.n == 2);
	addr_list_free(&l);
	buf_free(&got);
}

struct rw_case {
	const char	*label;
	const char	*in;
	const char	*sender;
	const char	*full_name;
	const char	*set_from;
	int		 qualify;
	const char	*unique;
	const char	*want;
};

#define FULL	"Date: d\r\nMessage-ID: <m@x>\r\n"

static const struct rw_case rw_cases[] = {
	{ "empty block", "", "s@x", NULL, NULL, 1, "U1",
	  DATE0 MID "From: s@x\r\n" },
	{ "Bcc removed with its continuation lines",
	  "From: a@x\r\nTo: b@x\r\nBcc: c@x,\r\n d@x\r\n\te@x\r\nSubject: s\r\n"
	  FULL, "s@x", NULL, NULL, 1, "U1",
	  "From: a@x\r\nTo: b@x\r\nSubject: s\r\n" FULL },
	{ "Resent-Bcc and lower-case bcc removed",
	  "From: a@x\r\nbcc: c@x\r\nResent-Bcc: d@x\r\nResent-To: e@x\r\n" FULL,
	  "s@x", NULL, NULL, 1, "U1",
	  "From: a@x\r\nResent-To: e@x\r\n" FULL },
	{ "Date added", "From: a@x\r\nMessage-ID: <m@x>\r\n", "s@x", NULL, NULL,
	  1, "U1", "From: a@x\r\nMessage-ID: <m@x>\r\n" DATE0 },
	{ "Message-ID added", "From: a@x\r\nDate: d\r\n", "s@x", NULL, NULL,
	  1, "U1", "From: a@x\r\nDate: d\r\n" MID },
	{ "Message-Id in other case is there", "From: a@x\r\nDate: d\r\n"
	  "Message-Id: <m@x>\r\n", "s@x", NULL, NULL, 1, "U1",
	  "From: a@x\r\nDate: d\r\nMessage-Id: <m@x>\r\n" },
	{ "no unique part, no Message-ID", "From: a@x\r\nDate: d\r\n", "s@x",
	  NULL, NULL, 1, NULL, "From: a@x\r\nDate: d\r\n" },
	{ "From with -F (php-mail-2)", "To: a@example.org\r\nSubject: s\r\n",
	  "bounce@example.com", "Joe Q", NULL, 1, "U1",
	  "To: a@example.org\r\nSubject: s\r\n" DATE0 MID
	  "From: Joe Q <bounce@example.com>\r\n" },
	{ "From without name", FULL, "s@x", NULL, NULL, 1, "U1",
	  FULL "From: s@x\r\n" },
	{ "From with blank name", FULL, "s@x", "  ", NULL, 1, "U1",
	  FULL "From: s@x\r\n" },
	{ "From name with specials", FULL, "s@x", "Joe Q. Public", NULL, 1,
	  "U1", FULL "From: \"Joe Q. Public\" <s@x>\r\n" },
	{ "From name with quote and backslash", FULL, "s@x",
	  "Joe \"the\" \\ Man", NULL, 1, "U1",
	  FULL "From: \"Joe \\\"the\\\" \\\\ Man\" <s@x>\r\n" },
	{ "From name in UTF-8", FULL, "s@x", "J\xc3\xb6rg M\xc3\xbcller", NULL,
	  1, "U1", FULL "From: =?UTF-8?B?SsO2cmcgTcO8bGxlcg==?= <s@x>\r\n" },
	{ "From long UTF-8 name cut between characters", FULL, "s@x", NAME,
	  NULL, 1, "U1", FULL "From: =?UTF-8?B?w5xuw69jw7Zkw6kgVMOrc3RlciDD"
	  "nG7Dr2PDtmTDqSBUw6tzdGVyIMOcbsOv?=\r\n =?UTF-8?B?Y8O2ZMOpIFTDq3N0Z"
	  "XI=?= <s@x>\r\n" },
	{ "From name with CRLF cannot inject", FULL, "s@x", "Evil\r\nBcc: x@y",
	  NULL, 1, "U1",
	  FULL "From: =?UTF-8?B?RXZpbA0KQmNjOiB4QHk=?= <s@x>\r\n" },
	{ "null sender: no From", "To: a@x\r\n", "", "Name", NULL, 1, "U1",
	  "To: a@x\r\n" DATE0 MID },
	{ "From from a bare sender, qualified", FULL, "Sender", NULL, NULL, 1,
	  "U1", FULL "From: Sender@host.example\r\n" },
	{ "From from a bare sender, not qualified", FULL, "Sender", NULL, NULL,
	  0, "U1", FULL "From: Sender\r\n" },
	{ "set_from keeps the display name", "From: Joe <joe@a>\r\n" FULL,
	  "s@x", NULL, "set@b.example", 1, "U1",
	  "From: Joe <set@b.example>\r\n" FULL },
	{ "set_from keeps the comment", "From: joe@a (Joe)\r\n" FULL, "s@x",
	  NULL, "set@b.example", 1, "U1",
	  "From: set@b.example (Joe)\r\n" FULL },
	{ "set_from drops the route", "From: Joe <@r:joe@a>\r\n" FULL, "s@x",
	  NULL, "set@b.example", 1, "U1",
	  "From: Joe <set@b.example>\r\n" FULL },
	{ "set_from keeps the fold", "From: Joe\r\n <joe@a>\r\n" FULL, "s@x",
	  NULL, "set@b.example", 1, "U1",
	  "From: Joe\r\n <set@b.example>\r\n" FULL },
	{ "set_from on a From that does not parse (rss2email)",
	  "From: =?utf-8?q?Test_Feed_=C3=BC=3A_=3Cauthor=3E?= <Feed Bot\r\n"
	  " <rss@example.com>>\r\nTo: alice@example.org\r\n" FULL, "s@x", NULL,
	  "set@b.example", 1, "U1",
	  "From: set@b.example\r\nTo: alice@example.org\r\n" FULL },
	{ "set_from on two mailboxes", "From: a@x, b@y\r\n" FULL, "s@x", NULL,
	  "set@b.example", 1, "U1", "From: set@b.example\r\n" FULL },
	{ "set_from when From is missing", FULL, "s@x", "Joe", "set@b.example",
	  1, "U1", FULL "From: Joe <set@b.example>\r\n" },
	{ "set_from with the null sender", FULL, "", NULL, "set@b.example",
	  1, "U1", FULL "From: set@b.example\r\n" },
	{ "qualify cron-2",
	  "From: root (Cron Daemon)\r\nTo: alice@example.org,bob@example.net\r\n"
	  "Subject: Cron <root@vm> printf 'job1 out \303\274\\nline2\\n'\r\n"
	  "X-Cron-Env: <LOGNAME=root>\r\n", "root@host.example", "CronDaemon",
	  NULL, 1, "U1",
	  "From: root@host.example (Cron Daemon)\r\n"
	  "To: alice@example.org,bob@example.net\r\n"
	  "Subject: Cron <root@vm> printf 'job1 out \303\274\\nline2\\n'\r\n"
	  "X-Cron-Env: <LOGNAME=root>\r\n" DATE0 MID },
	{ "qualify cron-1",
	  "From: cron-sender@example.com\r\nTo: carol\r\nSubject: Cron "
	  "<nobody@vm> echo job2 output\r\nX-Cron-Env: <MAILTO=carol>\r\n",
	  "cron-sender@example.com", "CronDaemon", NULL, 1, "U1",
	  "From: cron-sender@example.com\r\nTo: carol@host.example\r\n"
	  "Subject: Cron <nobody@vm> echo job2 output\r\n"
	  "X-Cron-Env: <MAILTO=carol>\r\n" DATE0 MID },
	{ "qualify anacron",
	  "From: Anacron <root>\r\nTo: alice@example.org\r\n"
	  "Subject: Anacron job 'testjob' on vm\r\n", "root@host.example",
	  "Anacron", NULL, 1, "U1",
	  "From: Anacron <root@host.example>\r\nTo: alice@example.org\r\n"
	  "Subject: Anacron job 'testjob' on vm\r\n" DATE0 MID },
	{ "qualify a folded list",
	  "To: carol,\r\n dave (D), \"E F\" <erin>,\r\n x@y\r\n" FULL
	  "From: a@x\r\n", "s@x", NULL, NULL, 1, "U1",
	  "To: carol@host.example,\r\n dave@host.example (D), \"E F\" "
	  "<erin@host.example>,\r\n x@y\r\n" FULL "From: a@x\r\n" },
	{ "qualify group members",
	  "Cc: team: carol, x@y;, undisclosed-recipients:;\r\n" FULL
	  "From: a@x\r\n", "s@x", NULL, NULL, 1, "U1",
	  "Cc: team: carol@host.example, x@y;, undisclosed-recipients:;\r\n"
	  FULL "From: a@x\r\n" },
	{ "qualify Sender Reply-To and Resent- forms",
	  "Sender: s\r\nReply-To: r\r\nResent-From: rf\r\nResent-To: rt\r\n"
	  "Resent-Cc: rc\r\nResent-Sender: rs\r\n" FULL "From: a@x\r\n",
	  "s@x", NULL, NULL, 1, "U1",
	  "Sender: s@host.example\r\nReply-To: r@host.example\r\n"
	  "Resent-From: rf@host.example\r\nResent-To: rt@host.example\r\n"
	  "Resent-Cc: rc@host.example\r\nResent-Sender: rs@host.example\r\n"
	  FULL "From: a@x\r\n" },
	{ "qualify leaves other fields", "X-To: carol\r\nSubject: root\r\n"
	  "Return-Path: <root>\r\n" FULL "From: a@x\r\n", "s@x", NULL, NULL, 1,
	  "U1", "X-To: carol\r\nSubject: root\r\nReturn-Path: <root>\r\n" FULL
	  "From: a@x\r\n" },
	{ "qualify off", "From: root (Cron Daemon)\r\nTo: carol\r\n" FULL,
	  "s@x", NULL, NULL, 0, "U1",
	  "From: root (Cron Daemon)\r\nTo: carol\r\n" FULL },
	{ "qualify keeps a field that does not parse",
	  "To: carol, <bad\r\n" FULL "From: a@x\r\n", "s@x", NULL, NULL, 1,
	  "U1", "To: carol, <bad\r\n" FULL "From: a@x\r\n" },
	{ "qualify quoted local and route",
	  "To: \"a b\", <@r:c>\r\n" FULL "From: a@x\r\n", "s@x", NULL, NULL, 1,
	  "U1", "To: \"a b\"@host.example, <@r:c@host.example>\r\n" FULL
	  "From: a@x\r\n" },
	{ "no final line end", "Subject: s", "s@x", NULL, NULL, 1, "U1",
	  "Subject: s\r\n" DATE0 MID "From: s@x\r\n" },
	{ "no final line end, nothing added", "From: a@x\r\n" FULL "X: y",
	  "s@x", NULL, NULL, 1, "U1", "From: a@x\r\n" FULL "X: y" },
	{ "lines that are not fields kept", "junk line\r\n continued\r\n"
	  FULL "From: a@x\r\n", "s@x", NULL, NULL, 1, "U1",
	  "junk line\r\n continued\r\n" FULL "From: a@x\r\n" },
	{ "php-mail-1",
	  "To: alice@example.org, Bob <bob@example.net>\r\n"
	  "Subject: Test subj \xc3\xbc\r\nFrom: Sender <sender@example.com>\r\n"
	  "Cc: carol@example.org\r\nBcc: dave@example.org\r\n", "s@x", NULL,
	  NULL, 1, "U1",
	  "To: alice@example.org, Bob <bob@example.net>\r\n"
	  "Subject: Test subj \xc3\xbc\r\nFrom: Sender <sender@example.com>\r\n"
	  "Cc: carol@example.org\r\n" DATE0 MID },
	{ "mutt-1 unchanged",
	  "Date: Mon, 30 Nov 2026 09:49:44 +0000\r\n"
	  "From: Sender Name <sender@example.com>\r\n"
	  "To: Alice <alice@example.org>, bob@example.net\r\n"
	  "Cc: carol@example.org\r\nSubject: Subj =?iso-8859-1?Q?=FC?=\r\n"
	  "Message-ID: <aw1GuIVXZjOlM6H7@vm>\r\nMIME-Version: 1.0\r\n"
	  "Content-Type: text/plain; charset=iso-8859-1\r\n"
	  "Content-Disposition: inline\r\n"
	  "Content-Transfer-Encoding: quoted-printable\r\n", "s@x", "N", NULL,
	  1, "U1",
	  "Date: Mon, 30 Nov 2026 09:49:44 +0000\r\n"
	  "From: Sender Name <sender@example.com>\r\n"
	  "To: Alice <alice@example.org>, bob@example.net\r\n"
	  "Cc: carol@example.org\r\nSubject: Subj =?iso-8859-1?Q?=FC?=\r\n"
	  "Message-ID: <aw1GuIVXZjOlM6H7@vm>\r\nMIME-Version: 1.0\r\n"
	  "Content-Type: text/plain; charset=iso-8859-1\r\n"
	  "Content-Disposition: inline\r\n"
	  "Content-Transfer-Encoding: quoted-printable\r\n" },
	{ "git-send-email-1 unchanged",
	  "From: =?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= <tester@example.com>\r\n"
	  "To: Alice <alice@example.org>\r\nCc: carol@example.org,\r\n"
	  "\t=?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= <tester@example.com>\r\n"
	  "Date: Mon, 30 Nov 2026 09:49:36 +0000\r\n"
	  "Message-Id: <20261130094936.22933-1-tester@example.com>\r\n",
	  "s@x", NULL, NULL, 1, "U1",
	  "From: =?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= <tester@example.com>\r\n"
	  "To: Alice <alice@example.org>\r\nCc: carol@example.org,\r\n"
	  "\t=?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= <tester@example.com>\r\n"
	  "Date: Mon, 30 Nov 2026 09:49:36 +0000\r\n"
	  "Message-Id: <20261130094936.22933-1-tester@example.com>\r\n" },
};

static void
test_rewrite(void)
{
	const struct rw_case *c;
	struct hdr_edit ed;
	struct buf out = BUF_INIT;
	char why[128];
	size_t k;
	int rc;

	for (k = 0; k < sizeof(rw_cases) / sizeof(rw_cases[0]); k++) {
		c = &rw_cases[k];
		memset(&ed, 0, sizeof(ed));
		ed.domain = "host.example";
		ed.sender = c->sender;
		ed.full_name = c->full_name;
		ed.set_from = c->set_from;
		ed.qualify = c->qualify;
		ed.unique = c->unique;
		ed.now = 0;
		buf_reset(&out);
		rc = hdr_rewrite(c->in, strlen(c->in), &ed, &out, why,
		    sizeof(why));
		T_CHECK(c->label, rc == 0);
		T_STREQ(c->label, out.data != NULL ? out.data : "", c->want);
	}
	/* Output is appended to what the buffer holds. */
	buf_reset(&out);
	buf_addstr(&out, "X: 1\r\n");
	memset(&ed, 0, sizeof(ed));
	ed.sender = "s@x";
	rc = hdr_rewrite("Date: d\r\n", 9, &ed, &out, why, sizeof(why));
	T_STREQ("appends", out.data, "X: 1\r\nDate: d\r\nFrom: s@x\r\n");
	buf_free(&out);
}

static const struct {
	const char	*tz;
	time_t		 now;
	const char	*want;
} date_cases[] = {
	{ "UTC0", 0, "Thu, 1 Jan 1970 00:00:00 +0000" },
	{ "CET-1", 0, "Thu, 1 Jan 1970 01:00:00 +0100" },
	{ "EST5", 0, "Wed, 31 Dec 1969 19:00:00 -0500" },
	{ "IST-5:30", 0, "Thu, 1 Jan 1970 05:30:00 +0530" },
	{ "NST3:30", 0, "Wed, 31 Dec 1969 20:30:00 -0330" },
	{ "CET-1", 1796028584, "Mon, 30 Nov 2026 09:49:44 +0100" },
	{ "CET-1CEST,M3.5.0,M10.5.0/3", 1782907200,
	  "Wed, 1 Jul 2026 14:00:00 +0200" },
};

static void
test_date(void)
{
	const char *block = "From: a@x\r\nMessage-ID: <m@x>\r\n";
	struct hdr_edit ed;
	struct buf out = BUF_INIT;
	char want[256], why[128];
	size_t k;

	for (k = 0; k < sizeof(date_cases) / sizeof(date_cases[0]); k++) {
		setenv("TZ", date_cases[k].tz, 1);
		tzset();
		memset(&ed, 0, sizeof(ed));
		ed.now = date_cases[k].now;
		buf_reset(&out);
		snprintf(want, sizeof(want), "%sDate: %s\r\n", block,
		    date_cases[k].want);
		T_CHECK(date_cases[k].tz, hdr_rewrite(block, strlen(block), &ed,
		    &out, why, sizeof(why)) == 0);
		T_STREQ(date_cases[k].tz, out.data, want);
	}
	setenv("TZ", "UTC0", 1);
	tzset();
	buf_free(&out);
}

int
main(void)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	test_next();
	test_is_unfold();
	test_recipients();
	test_rewrite();
	test_date();
	return t_done();
}
