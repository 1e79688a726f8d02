/*
 * Reply and EHLO parsing: tables of lines in, code/text/errors out.
 */
#include "config.h"

#include <string.h>

#include "reply.h"
#include "t.h"

struct reply_case {
	const char	*label;
	const char	*lines[4];	/* fed in order; NULL ends */
	int		 ok;		/* 1: all accepted */
	int		 code;
	int		 complete;
	const char	*enhanced;
	const char	*text;
};

static const struct reply_case reply_cases[] = {
	{ "single line", { "250 ok" }, 1, 250, 1, "", "250 ok" },
	{ "code only", { "250" }, 1, 250, 1, "", "250" },
	{ "enhanced code", { "550 5.1.1 no such user" }, 1, 550, 1, "5.1.1",
	    "550 5.1.1 no such user" },
	{ "multi-line joined", { "451-4.3.0 first", "451-4.3.0 second",
	    "451 4.3.0 third" }, 1, 451, 1, "4.3.0",
	    "451 4.3.0 first second third" },
	{ "continuation pending", { "250-a" }, 1, 250, 0, "", "250 a" },
	{ "not enhanced: letters", { "550 x.1.1 hi" }, 1, 550, 1, "",
	    "550 x.1.1 hi" },
	{ "code too high", { "600 no" }, 0, 0, 0, NULL, NULL },
	{ "code too low", { "199 no" }, 0, 0, 0, NULL, NULL },
	{ "no code", { "hello" }, 0, 0, 0, NULL, NULL },
	{ "short", { "25" }, 0, 0, 0, NULL, NULL },
	{ "bad separator", { "250x ok" }, 0, 0, 0, NULL, NULL },
	{ "codes differ", { "250-a", "251 b" }, 0, 0, 0, NULL, NULL },
	{ "after final", { "250 a", "250 b" }, 0, 0, 0, NULL, NULL },
	{ "control byte", { "250 a\001b" }, 0, 0, 0, NULL, NULL },
	{ "UTF-8 kept", { "550 5.1.1 \303\274ber" }, 1, 550, 1, "5.1.1",
	    "550 5.1.1 \303\274ber" },
	{ "4-octet UTF-8 kept", { "250 \360\237\223\250 ok" }, 1, 250, 1,
	    "", "250 \360\237\223\250 ok" },
	{ "stray high bytes shown as ?", { "550 a\377\233b" }, 1, 550, 1,
	    "", "550 a??b" },
	{ "C1 control as UTF-8", { "250 a\302\233b" }, 1, 250, 1, "",
	    "250 a??b" },
	{ "overlong UTF-8", { "250 \300\257 \340\200\257" }, 1, 250, 1,
	    "", "250 ?? ???" },
	{ "surrogate", { "250 \355\240\200" }, 1, 250, 1, "", "250 ???" },
	{ "cut UTF-8 at the end", { "250 ok\303" }, 1, 250, 1, "",
	    "250 ok?" },
};

static void
test_reply_lines(void)
{
	const struct reply_case *c;
	struct reply r;
	char why[128];
	size_t i, j;
	int ok;

	for (i = 0; i < sizeof(reply_cases) / sizeof(reply_cases[0]); i++) {
		c = &reply_cases[i];
		memset(&r, 0, sizeof(r));
		ok = 1;
		for (j = 0; j < 4 && c->lines[j] != NULL && ok; j++)
			ok = reply_add_line(&r, c->lines[j], strlen(c->lines[j]),
			    why, sizeof(why)) == 0;
		T_CHECK(c->label, ok == c->ok);
		if (!c->ok || !ok)
			continue;
		T_CHECK(c->label, r.code == c->code);
		T_CHECK(c->label, r.complete == c->complete);
		T_STREQ(c->label, r.enhanced, c->enhanced);
		T_STREQ(c->label, r.text, c->text);
	}
}

static void
test_reply_limits(void)
{
	char line[600], why[128];
	struct reply r;
	int i, rc = 0;

	memset(line, 'a', sizeof(line));
	memcpy(line, "250 ", 4);
	memset(&r, 0, sizeof(r));
	T_CHECK("510 octets accepted", reply_add_line(&r, line, 510, why,
	    sizeof(why)) == 0);
	memset(&r, 0, sizeof(r));
	T_CHECK("511 octets refused", reply_add_line(&r, line, 511, why,
	    sizeof(why)) == -1);
	memset(&r, 0, sizeof(r));
	T_CHECK("NUL byte refused", reply_add_line(&r, "250 a\0b", 7, why,
	    sizeof(why)) == -1);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < REPLY_LINES_MAX + 1 && rc == 0; i++)
		rc = reply_add_line(&r, "250-x", 5, why, sizeof(why));
	T_CHECK("too many lines refused", rc == -1 && i == REPLY_LINES_MAX + 1);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 20; i++)
		reply_add_line(&r, "250-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 100, why,
		    sizeof(why));
	T_CHECK("text kept within its buffer", strlen(r.text) < REPLY_TEXT_MAX);
}

static void
test_ehlo(void)
{
	static const char *lines[] = {
		"PIPELINING", "SIZE 10240000", "8bitmime", "SMTPUTF8", "DSN",
		"ENHANCEDSTATUSCODES", "STARTTLS", "AUTH PLAIN login",
		"AUTH=CRAM-MD5", "CHUNKING", "BINARYMIME", "X-UNKNOWN 1",
	};
	struct caps c;
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		reply_ehlo_line(&c, lines[i], strlen(lines[i]));
	T_CHECK("all known extensions", c.ext == (EXT_PIPELINING | EXT_SIZE |
	    EXT_8BITMIME | EXT_SMTPUTF8 | EXT_DSN | EXT_ENHANCEDSTATUSCODES |
	    EXT_STARTTLS | EXT_AUTH | EXT_CHUNKING | EXT_BINARYMIME));
	T_CHECK("SIZE value", c.size == 10240000);
	T_STREQ("AUTH mechanisms, both syntaxes", c.auth, "PLAIN LOGIN CRAM-MD5");

	memset(&c, 0, sizeof(c));
	reply_ehlo_line(&c, "SIZE", 4);
	T_CHECK("SIZE without a value", (c.ext & EXT_SIZE) && c.size == 0);
	memset(&c, 0, sizeof(c));
	reply_ehlo_line(&c, "SIZE 99999999999999999999999", 27);
	T_CHECK("SIZE overflow stays bounded", c.ext & EXT_SIZE);
	memset(&c, 0, sizeof(c));
	reply_ehlo_line(&c, "PIPELININGX", 11);
	T_CHECK("prefix of a keyword is not the keyword", c.ext == 0);
}

int
main(void)
{
	test_reply_lines();
	test_reply_limits();
	test_ehlo();
	return t_done();
}
