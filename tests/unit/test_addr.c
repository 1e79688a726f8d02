/*
 * addr.c: every address example of RFC 5322 Appendix A, the address
 * headers real callers write, bad syntax with its reason, the dedupe
 * rule and the small helpers.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "t.h"

struct parse_case {
	const char	*label;
	const char	*in;
	const char	*want;	/* addr-specs joined by " | ", NULL: error */
	const char	*err;	/* expected reason when want is NULL */
};

static const struct parse_case parse_cases[] = {
	/* RFC 5322 A.1.1 */
	{ "A.1.1 From", "John Doe <jdoe@machine.example>",
	  "jdoe@machine.example", NULL },
	{ "A.1.1 To", "Mary Smith <mary@example.net>",
	  "mary@example.net", NULL },
	/* A.1.2 */
	{ "A.1.2 From", "\"Joe Q. Public\" <john.q.public@example.com>",
	  "john.q.public@example.com", NULL },
	{ "A.1.2 To",
	  "Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>",
	  "mary@x.test | jdoe@example.org | one@y.test", NULL },
	{ "A.1.2 Cc",
	  "<boss@nil.test>, \"Giant; \\\"Big\\\" Box\" "
	  "<sysservices@example.net>",
	  "boss@nil.test | sysservices@example.net", NULL },
	/* A.1.3 */
	{ "A.1.3 From", "Pete <pete@silly.example>",
	  "pete@silly.example", NULL },
	{ "A.1.3 To group",
	  "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
	  "c@a.test | joe@where.test | jdoe@one.test", NULL },
	{ "A.1.3 Cc empty group", "Undisclosed recipients:;", "", NULL },
	/* A.2 */
	{ "A.2 Reply-To",
	  "\"Mary Smith: Personal Account\" <smith@home.example>",
	  "smith@home.example", NULL },
	/* A.3 */
	{ "A.3 Resent-To", "Jane Brown <j-brown@other.example>",
	  "j-brown@other.example", NULL },
	/* A.5 */
	{ "A.5 From comments",
	  "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
	  "pete@silly.test", NULL },
	{ "A.5 To group with comments and folds",
	  "A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)"
	  "public.example>,\r\n         joe@example.org,\r\n  John "
	  "<jdoe@one.test> (my dear friend); (the end of the group)",
	  "c@public.example | joe@example.org | jdoe@one.test", NULL },
	{ "A.5 Cc hidden group",
	  "(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;",
	  "", NULL },
	/* A.6.1 */
	{ "A.6.1 From obs-phrase", "Joe Q. Public <john.q.public@example.com>",
	  "john.q.public@example.com", NULL },
	{ "A.6.1 To route, empty element, obs-domain",
	  "Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example",
	  "mary@example.net | jdoe@test.example", NULL },
	/* A.6.3 */
	{ "A.6.3 From comment in domain",
	  "John Doe <jdoe@machine(comment).  example>",
	  "jdoe@machine.example", NULL },
	{ "A.6.3 To blank folded line",
	  "Mary Smith\r\n  \r\n <mary@example.net>",
	  "mary@example.net", NULL },
	/* captured callers */
	{ "mutt To", "Alice <alice@example.org>, bob@example.net",
	  "alice@example.org | bob@example.net", NULL },
	{ "php-mail To", "alice@example.org, Bob <bob@example.net>",
	  "alice@example.org | bob@example.net", NULL },
	{ "cron MAILTO name", "carol", "carol", NULL },
	{ "cron From", "root (Cron Daemon)", "root", NULL },
	{ "cron two without space", "alice@example.org,bob@example.net",
	  "alice@example.org | bob@example.net", NULL },
	{ "anacron From", "Anacron <root>", "root", NULL },
	{ "logwatch From", "root", "root", NULL },
	{ "neomutt From", "root <root@vm>", "root@vm", NULL },
	{ "git-send-email Cc encoded-word folded with tab",
	  "carol@example.org,\r\n\t=?UTF-8?q?=C3=9Cn=C3=AFcode=20Tester?= "
	  "<tester@example.com>",
	  "carol@example.org | tester@example.com", NULL },
	{ "mailutils To", "\"Alice\" <alice@example.org>,<bob@example.net>",
	  "alice@example.org | bob@example.net", NULL },
	{ "mailutils Cc", "<carol@example.org>", "carol@example.org", NULL },
	{ "systemd-cron From", "cron@example.com (systemd-cron)",
	  "cron@example.com", NULL },
	{ "nodemailer From", "Node Sender <node@example.com>",
	  "node@example.com", NULL },
	{ "rss2email broken From",
	  "=?utf-8?q?Test_Feed_=C3=BC=3A_=3Cauthor=3E?= <Feed Bot\r\n"
	  " <rss@example.com>>", NULL, "bad local part" },
	/* more forms */
	{ "empty", "", "", NULL },
	{ "only white space and comment", " \t(nobody) ", "", NULL },
	{ "only commas", " , ,", "", NULL },
	{ "empty elements", "a@x,,b@y", "a@x | b@y", NULL },
	{ "group members", "team: a@x, b@y;", "a@x | b@y", NULL },
	{ "group without ';' at the end", "undisclosed-recipients:", "", NULL },
	{ "group then mailbox", "g: a@x;, b@y", "a@x | b@y", NULL },
	{ "route with two hops", "<@a,@b:x@y>", "x@y", NULL },
	{ "route with spaces", "< @a , @b : x@y >", "x@y", NULL },
	{ "quoted local", "\"quoted local\"@x", "\"quoted local\"@x", NULL },
	{ "quoted local with escape", "\"a\\\"b\"@x", "\"a\\\"b\"@x", NULL },
	{ "folded quoted local", "\"a\r\n b\"@x", "\"a b\"@x", NULL },
	{ "quoted name with comma", "\"Doe, John\" <j@x>", "j@x", NULL },
	{ "comment after addr-spec", "a@x (Name)", "a@x", NULL },
	{ "nested comment", "a@x (a (b) \\) c)", "a@x", NULL },
	{ "comment inside local part", "a(c)@x", "a@x", NULL },
	{ "obs-local-part with spaces", "a . b @ x", "a.b@x", NULL },
	{ "domain literal", "a@[127.0.0.1]", "a@[127.0.0.1]", NULL },
	{ "domain literal with spaces", "a@[ 127.0.0.1 ]",
	  "a@[127.0.0.1]", NULL },
	{ "IPv6 literal", "<a@[IPv6:::1]>", "a@[IPv6:::1]", NULL },
	{ "domain case kept", "a@EXAMPLE.Org", "a@EXAMPLE.Org", NULL },
	{ "bare name in angles", "<root>", "root", NULL },
	{ "LF fold", "a@x,\n\tb@y", "a@x | b@y", NULL },
	{ "UTF-8 name and address",
	  "J\xc3\xb6rg <j\xc3\xb6rg@b\xc3\xbc" "cher.example>",
	  "j\xc3\xb6rg@b\xc3\xbc" "cher.example", NULL },
	{ "UTF-8 quoted name", "\"M\xc3\xbcller, A\" <a@x>", "a@x", NULL },
	{ "name with dots", "A. B. <a@x>", "a@x", NULL },
	{ "atext specials", "!#$%&'*+-/=?^_`{|}~@x",
	  "!#$%&'*+-/=?^_`{|}~@x", NULL },
	/* bad syntax */
	{ "missing domain", "a@", NULL, "missing domain after '@'" },
	{ "missing '>'", "<a@x", NULL, "missing '>'" },
	{ "stray '>'", "a@x>", NULL, "unexpected '>' after address" },
	{ "missing local part", "@x", NULL, "missing local part" },
	{ "missing local part in angles", "<@x>", NULL,
	  "unexpected '>' in route" },
	{ "unbalanced quotes", "\"abc@x", NULL, "unbalanced quotes" },
	{ "unbalanced comment", "a@x (foo", NULL, "unbalanced comment" },
	{ "stray ')'", "a@x)", NULL, "unexpected ')' after address" },
	{ "empty angles", "<>", NULL, "empty address <>" },
	{ "trailing dot in domain", "a@x.", NULL, "bad domain" },
	{ "two dots in local part", "a..b@x", NULL, "bad local part" },
	{ "space in domain", "a@x y", NULL, "bad domain" },
	{ "name without address", "John Smith", NULL,
	  "display name without <address>" },
	{ "group in group", "g: h: a@x;;", NULL, "group inside a group" },
	{ "group without name", ": a@x;", NULL, "group without a name" },
	{ "';' outside group", "a@x; b@y", NULL,
	  "unexpected ';' after address" },
	{ "unbalanced literal", "a@[1.2.3", NULL,
	  "unbalanced domain literal" },
	{ "line break without fold", "a@x\r\nb@y", NULL,
	  "line break not followed by white space" },
	{ "trailing CRLF", "a@x\r\n", NULL,
	  "line break not followed by white space" },
	{ "control byte", "a\x01@x", NULL,
	  "unexpected byte 0x01 after address" },
	{ "escaped CR in quotes", "\"a\\\r\"@x", NULL,
	  "control character escaped in quotes" },
	{ "text after angle address", "x <a@b> y", NULL,
	  "unexpected 'y' after address" },
	{ "two addresses without comma", "<a@x> <b@y>", NULL,
	  "unexpected '<' after address" },
};

static void
join(char *dst, size_t n, const struct addr_list *l)
{
	size_t k;

	dst[0] = '\0';
	for (k = 0; k < l->n; k++) {
		if (k > 0)
			strncat(dst, " | ", n - strlen(dst) - 1);
		strncat(dst, l->v[k], n - strlen(dst) - 1);
	}
}

static void
test_parse(void)
{
	const struct parse_case *c;
	struct addr_list l;
	char got[1024], why[128];
	size_t k;
	int rc;

	for (k = 0; k < sizeof(parse_cases) / sizeof(parse_cases[0]); k++) {
		c = &parse_cases[k];
		memset(&l, 0, sizeof(l));
		strcpy(why, "(none)");
		rc = addr_parse_list(c->in, strlen(c->in), &l, why,
		    sizeof(why));
		if (c->want != NULL) {
			join(got, sizeof(got), &l);
			T_STREQ(c->label, rc == 0 ? got : why, c->want);
		} else {
			T_CHECK(c->label, rc == -1 && l.n == 0);
			T_STREQ(c->label, why, c->err);
		}
		addr_list_free(&l);
	}
}

/* A failing list appends nothing, a good one appends after what's there. */
static void
test_append(void)
{
	struct addr_list l = ADDR_LIST_INIT;
	char why[128], got[256];
	const char *bad = "a@x, b@y, <c@z";
	const char *good = "d@w";

	T_CHECK("append: first", addr_parse_list("z@z", 3, &l, why,
	    sizeof(why)) == 0 && l.n == 1);
	T_CHECK("append: bad list appends nothing",
	    addr_parse_list(bad, strlen(bad), &l, why, sizeof(why)) == -1 &&
	    l.n == 1);
	T_CHECK("append: good list", addr_parse_list(good, strlen(good), &l,
	    why, sizeof(why)) == 0);
	join(got, sizeof(got), &l);
	T_STREQ("append: result", got, "z@z | d@w");
	T_CHECK("append: length bounds the input",
	    addr_parse_list("a@x, junk<", 3, &l, why, sizeof(why)) == 0 &&
	    l.n == 3);
	T_CHECK("append: tiny errbuf", addr_parse_list("<", 1, &l, why, 1) ==
	    -1 && why[0] == '\0');
	addr_list_free(&l);
	T_CHECK("free resets", l.v == NULL && l.n == 0 && l.cap == 0);
}

static const struct {
	const char	*a, *b;
	int		 want;
} equal_cases[] = {
	{ "a@x", "a@x", 1 },
	{ "a@x", "a@X", 1 },
	{ "a@Example.ORG", "a@example.org", 1 },
	{ "a@x", "A@x", 0 },
	{ "\"a\"@x", "a@x", 0 },
	{ "\"a@b\"@x", "\"a@b\"@X", 1 },
	{ "\"a@b\"@x", "\"a@B\"@x", 0 },
	{ "root", "root", 1 },
	{ "root", "Root", 0 },
	{ "root", "root@x", 0 },
	{ "a@x", "a@xy", 0 },
	{ "ab@x", "a@bx", 0 },
	{ "a@b\xc3\xbc", "a@B\xc3\xbc", 1 },
};

static void
test_equal(void)
{
	struct addr_list l = ADDR_LIST_INIT;
	char label[128], got[256];
	size_t k;

	for (k = 0; k < sizeof(equal_cases) / sizeof(equal_cases[0]); k++) {
		snprintf(label, sizeof(label), "equal %s %s", equal_cases[k].a,
		    equal_cases[k].b);
		T_CHECK(label, addr_equal(equal_cases[k].a, equal_cases[k].b) ==
		    equal_cases[k].want);
		T_CHECK(label, addr_equal(equal_cases[k].b, equal_cases[k].a) ==
		    equal_cases[k].want);
	}
	T_CHECK("unique a@x", addr_list_add_unique(&l, "a@x") == 0);
	T_CHECK("unique a@X", addr_list_add_unique(&l, "a@X") == 0);
	T_CHECK("unique A@x", addr_list_add_unique(&l, "A@x") == 0);
	T_CHECK("unique root", addr_list_add_unique(&l, "root") == 0);
	T_CHECK("unique root again", addr_list_add_unique(&l, "root") == 0);
	join(got, sizeof(got), &l);
	T_STREQ("unique result", got, "a@x | A@x | root");
	addr_list_free(&l);
}

/* The bulk merge keeps the first of equal addresses, in order. */
static void
test_add_all(void)
{
	struct addr_list out = ADDR_LIST_INIT, src = ADDR_LIST_INIT;
	const char *list = "b@Y, a@x, root, c@z, A@x, b@y, root, \"r\"@q, "
	    "r@q, c@Z, a@X";
	char why[128], got[256];

	addr_list_add_unique(&out, "a@X");
	addr_list_add_unique(&out, "d@w");
	T_CHECK("add_all: parse", addr_parse_list(list, strlen(list), &src,
	    why, sizeof(why)) == 0);
	T_CHECK("add_all", addr_list_add_all_unique(&out, &src) == 0);
	join(got, sizeof(got), &out);
	T_STREQ("add_all: result", got,
	    "a@X | d@w | b@Y | root | c@z | A@x | \"r\"@q | r@q");
	addr_list_free(&src);
	T_CHECK("add_all: empty src", addr_list_add_all_unique(&out, &src) ==
	    0 && out.n == 8);
	addr_list_free(&out);
	T_CHECK("add_all: both empty", addr_list_add_all_unique(&out, &src) ==
	    0 && out.n == 0);
}

static void
test_helpers(void)
{
	static const struct {
		const char	*in, *want;
	} strip[] = {
		{ "<a@b>", "a@b" },
		{ " < a@b > ", "a@b" },
		{ "<>", "" },
		{ "", "" },
		{ "a@b", "a@b" },
		{ " a@b\t", "a@b" },
		{ "<a@b", "<a@b" },
		{ "<<a@b>>", "<a@b>" },
	};
	char *p;
	size_t k;

	T_CHECK("controls: none", !addr_has_controls("a@b", 3));
	T_CHECK("controls: CR", addr_has_controls("a\r@b", 4));
	T_CHECK("controls: LF", addr_has_controls("a@b\n", 4));
	T_CHECK("controls: NUL", addr_has_controls("a\0b", 3));
	T_CHECK("controls: only len bytes", !addr_has_controls("ab\n", 2));
	T_CHECK("controls: tab is fine", !addr_has_controls("a\tb", 3));
	T_CHECK("utf8: ascii", !addr_is_utf8("a@b"));
	T_CHECK("utf8: local", addr_is_utf8("j\xc3\xb6rg@b"));
	T_CHECK("utf8: domain", addr_is_utf8("a@b\xc3\xbc"));
	T_CHECK("local: root", addr_is_local("root"));
	T_CHECK("local: a@x", !addr_is_local("a@x"));
	T_CHECK("local: quoted @", addr_is_local("\"a@b\""));
	T_CHECK("local: quoted @ then domain", !addr_is_local("\"a@b\"@x"));
	T_CHECK("local: escaped quote", !addr_is_local("\"a\\\"\"@x"));
	T_CHECK("local: empty is the null sender", !addr_is_local(""));
	for (k = 0; k < sizeof(strip) / sizeof(strip[0]); k++) {
		p = addr_strip_angles(strip[k].in);
		T_STREQ(strip[k].in, p, strip[k].want);
		free(p);
	}
}

/* What may stand between the brackets of MAIL FROM and RCPT TO. */
static void
test_check_path(void)
{
	static const struct {
		const char	*label, *in;
		int		 ok;
	} cases[] = {
		{ "null sender", "", 1 },
		{ "plain", "a@example.org", 1 },
		{ "local name", "root", 1 },
		{ "quoted local part", "\"a b\"@example.org", 1 },
		{ "UTF-8", "j\xc3\xb6rg@example.org", 1 },
		{ "blank", "a b@example.org", 0 },
		{ "parameter after", "a@example.org SIZE=1", 0 },
		{ "bracket after", "a@example.org> SIZE=1", 0 },
		{ "brackets", "<a@example.org>", 0 },
		{ "comment", "a@example.org (Name)", 0 },
		{ "two addresses", "a@example.org,b@example.org", 0 },
		{ "display name", "A <a@example.org>", 0 },
		{ "CR", "a@example.org\rRSET", 0 },
		{ "LF", "a@example.org\nRSET", 0 },
	};
	char buf[300], why[128];
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		T_CHECK(cases[k].label, (addr_check_path(cases[k].in, why,
		    sizeof(why)) == 0) == cases[k].ok);
	/* 64 + "@" + 189 = 254 octets is the most. */
	memset(buf, 'd', sizeof(buf));
	memset(buf, 'l', 64);
	buf[64] = '@';
	memcpy(buf + 250, ".org", 5);
	T_CHECK("254 octets", strlen(buf) == 254 &&
	    addr_check_path(buf, why, sizeof(why)) == 0);
	memmove(buf + 1, buf, 255);
	T_CHECK("255 octets", addr_check_path(buf, why, sizeof(why)) == -1);
	T_STREQ("255 octets: reason", why, "longer than 254 octets");
}

int
main(void)
{
	test_parse();
	test_append();
	test_equal();
	test_add_all();
	test_helpers();
	test_check_path();
	return t_done();
}
