/*
 * aliases.c: the file syntax (entries, comments, continuation lines,
 * CRLF, names without case, "\name"), what is refused and on which line,
 * and the expansion: recursion, "default", self-reference, loops, depth
 * and fan-out limits.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "aliases.h"
#include "buf.h"
#include "t.h"

struct parse_case {
	const char	*label;
	const char	*text;
	const char	*want;	/* "name=t|t;name=t", NULL: error */
	const char	*err;	/* part of the reason when want is NULL */
};

static const struct parse_case parse_cases[] = {
	{ "empty file", "", "", NULL },
	{ "comments and blank lines only",
	  "# aliases\n\n   \n\t# indented comment\n", "", NULL },
	{ "one entry", "root: admin@example.org\n",
	  "root=admin@example.org", NULL },
	{ "several targets", "ops: a@x.test, b@y.test,c@z.test\n",
	  "ops=a@x.test|b@y.test|c@z.test", NULL },
	{ "no final newline", "root: a@x.test", "root=a@x.test", NULL },
	{ "continuation lines",
	  "staff: a@x.test,\n  b@x.test,\n\tc@x.test\nroot: staff\n",
	  "staff=a@x.test|b@x.test|c@x.test;root=staff", NULL },
	{ "comment inside an entry",
	  "staff: a@x.test,\n# not yet: z@x.test\n  b@x.test\n",
	  "staff=a@x.test|b@x.test", NULL },
	{ "CRLF file", "root: a@x.test,\r\n b@x.test\r\npostmaster: root\r\n",
	  "root=a@x.test|b@x.test;postmaster=root", NULL },
	{ "display names and comments",
	  "root: Admin <admin@x.test>, b@x.test (Bob)\n",
	  "root=admin@x.test|b@x.test", NULL },
	{ "quoted comma kept in one address",
	  "root: \"Doe, Jane\" <jane@x.test>, \"a,b\"@x.test\n",
	  "root=jane@x.test|\"a,b\"@x.test", NULL },
	{ "backslash name", "root: \\root, a@x.test\n",
	  "root=\\root|a@x.test", NULL },
	{ "white space before the colon", "root  : a@x.test\n",
	  "root=a@x.test", NULL },
	{ "default entry", "default: me@x.test\n", "default=me@x.test", NULL },
	{ "duplicate target once", "root: a@x.test, a@X.TEST\n",
	  "root=a@x.test", NULL },
	{ "empty elements skipped", "root: , a@x.test,, \n",
	  "root=a@x.test", NULL },
	/* refused */
	{ "no colon", "root a@x.test\n", NULL, "line 1: no ':'" },
	{ "no address", "root:\n", NULL, "line 1: root: no address" },
	{ "only commas", "root: , ,\n", NULL, "line 1: root: no address" },
	{ "empty name", ": a@x.test\n", NULL, "line 1: \"\" is not an alias" },
	{ "name with @", "a@x.test: b@x.test\n", NULL,
	  "\"a@x.test\" is not an alias name" },
	{ "name with a space", "x\ny z: a@x.test\n", NULL,
	  "line 1: no ':'" },
	{ "name with a space on line 2", "x: a@x.test\ny z: a@x.test\n",
	  NULL, "line 2: \"y z\" is not an alias name" },
	{ "duplicate name, any case", "root: a@x.test\nRoot: b@x.test\n", NULL,
	  "line 2: Root: already defined at line 1" },
	{ "continuation first", "  a@x.test\nroot: b@x.test\n", NULL,
	  "line 1: a continuation line with no entry" },
	{ "bad address", "root: a@x.test b@x.test\n", NULL, "line 1: root: " },
	{ "bad address in continuation",
	  "# c\nroot: a@x.test,\n <b@x.test\n", NULL, "line 2: root: " },
	{ "program", "list: \"|/usr/bin/list post\"\n", NULL,
	  "cannot be relayed" },
	{ "bare program", "list: |/usr/bin/list\n", NULL, "cannot be relayed" },
	{ "file", "log: /var/log/mail.txt\n", NULL, "cannot be relayed" },
	{ "include", "list: :include:/etc/list\n", NULL, "cannot be relayed" },
};

struct expand_case {
	const char	*label;
	const char	*text;
	const char	*rcpt;
	const char	*want;	/* addresses joined by " | ", NULL: error */
	const char	*err;
};

static const char base[] =
    "# a small site\n"
    "postmaster: root\n"
    "root: admin, ops@example.org\n"
    "admin: Alice@Example.ORG\n"
    "webmaster: postmaster, admin\n"
    "keep: \\keep, copy@example.org\n"
    "self: self, copy@example.org\n"
    "nobody: \\nobody\n";

static const struct expand_case expand_cases[] = {
	{ "address with @ is final", base, "x@y.test", "x@y.test", NULL },
	{ "name without entry is final", base, "carol", "carol", NULL },
	{ "one level", base, "admin", "Alice@Example.ORG", NULL },
	{ "two levels", base, "root", "Alice@Example.ORG | ops@example.org",
	  NULL },
	{ "three levels", base, "postmaster",
	  "Alice@Example.ORG | ops@example.org", NULL },
	{ "names without case", base, "ROOT",
	  "Alice@Example.ORG | ops@example.org", NULL },
	{ "duplicates once", base, "webmaster",
	  "Alice@Example.ORG | ops@example.org", NULL },
	{ "backslash is final", base, "keep", "keep | copy@example.org", NULL },
	{ "self-reference is final", base, "self", "self | copy@example.org",
	  NULL },
	{ "only a backslash name", base, "nobody", "nobody", NULL },
	{ "default for a name without entry",
	  "default: me@x.test\nroot: admin\n", "carol", "me@x.test", NULL },
	{ "default at any depth", "default: me@x.test\nroot: admin\n", "root",
	  "me@x.test", NULL },
	{ "default not for a name with entry",
	  "default: me@x.test\nroot: r@x.test\n", "root", "r@x.test", NULL },
	{ "names under default are not defaulted again",
	  "default: catchall, copy@x.test\n", "carol",
	  "catchall | copy@x.test", NULL },
	{ "names under default still expand",
	  "default: root\nroot: r@x.test\n", "carol", "r@x.test", NULL },
	{ "default named itself", "default: default\n", "x", "default", NULL },
	{ "default not used for addresses", "default: me@x.test\n",
	  "a@b.test", "a@b.test", NULL },
	{ "group target", "team: Team: a@x.test, b@x.test;\n", "team",
	  "a@x.test | b@x.test", NULL },
	/* refused */
	{ "two-entry loop", "a: b\nb: a\n", "a", NULL,
	  "alias a loops: a -> b -> a (line 1)" },
	{ "loop met below the top", "top: a\na: b, x@y.test\nb: c\nc: a\n",
	  "top", NULL, "alias a loops: a -> b -> c -> a (line 2)" },
	{ "loop through default", "default: x\nx: y\ny: x\n", "q", NULL,
	  "alias x loops" },
	{ "too deep",
	  "a1: a2\na2: a3\na3: a4\na4: a5\na5: a6\na6: a7\na7: a8\na8: a9\n"
	  "a9: a10\na10: a11\na11: a12\na12: a13\na13: a14\na14: a15\n"
	  "a15: a16\na16: a17\na17: a18\na18: end@x.test\n",
	  "a1", NULL, "nests deeper than 16 levels" },
};

/* "name=t|t;name=t" */
static char *
dump(const struct aliases *al)
{
	struct buf b = BUF_INIT;
	size_t i, k;

	buf_addstr(&b, "");
	for (i = 0; i < al->n; i++) {
		buf_printf(&b, "%s%s=", i ? ";" : "", al->v[i].name);
		for (k = 0; k < al->v[i].targets.n; k++)
			buf_printf(&b, "%s%s", k ? "|" : "",
			    al->v[i].targets.v[k]);
	}
	return b.data;
}

static char *
join(const struct addr_list *l)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_addstr(&b, "");
	for (i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? " | " : "", l->v[i]);
	return b.data;
}

static void
check_parse(const struct parse_case *c, size_t len)
{
	struct aliases al = ALIASES_INIT;
	char why[256] = "", label[300], *got;
	int rc;

	rc = aliases_parse(&al, c->text, len, why, sizeof(why));
	snprintf(label, sizeof(label), "parse: %s", c->label);
	if (c->want == NULL) {
		T_CHECK(label, rc == -1 && al.n == 0 && al.v == NULL);
		snprintf(label, sizeof(label), "parse: %s: reason", c->label);
		T_CHECK(label, strstr(why, c->err) != NULL);
		if (strstr(why, c->err) == NULL)
			printf("  reason was: %s\n", why);
		return;
	}
	if (rc == -1)
		printf("  unexpected error: %s\n", why);
	got = dump(&al);
	T_STREQ(label, rc == 0 ? got : why, c->want);
	free(got);
	aliases_free(&al);
}

static void
check_expand(const struct expand_case *c)
{
	struct aliases al = ALIASES_INIT;
	struct addr_list out = ADDR_LIST_INIT;
	char why[256] = "", label[300], *got;
	int rc;

	snprintf(label, sizeof(label), "expand: %s", c->label);
	if (aliases_parse(&al, c->text, strlen(c->text), why,
	    sizeof(why)) == -1) {
		printf("  parse error: %s\n", why);
		T_CHECK(label, 0);
		return;
	}
	rc = aliases_expand(&al, c->rcpt, &out, why, sizeof(why));
	if (c->want == NULL) {
		T_CHECK(label, rc == -1);
		snprintf(label, sizeof(label), "expand: %s: reason", c->label);
		T_STREQ(label, strstr(why, c->err) ? c->err : why, c->err);
	} else {
		got = join(&out);
		T_STREQ(label, rc == 0 ? got : why, c->want);
		free(got);
	}
	addr_list_free(&out);
	aliases_free(&al);
}

/*
 * n0: a0, b0, c0, d0; each of those: n1; ...: every level multiplies
 * the work by four within the depth limit, and the step limit stops it.
 */
static void
check_fan_out(void)
{
	struct aliases al = ALIASES_INIT;
	struct addr_list out = ADDR_LIST_INIT;
	struct buf b = BUF_INIT;
	char why[256] = "";
	int i, rc;

	for (i = 0; i < 7; i++)
		buf_printf(&b, "n%d: a%d, b%d, c%d, d%d\na%d: n%d\nb%d: n%d\n"
		    "c%d: n%d\nd%d: n%d\n", i, i, i, i, i, i, i + 1, i, i + 1,
		    i, i + 1, i, i + 1);
	buf_printf(&b, "n7: end@x.test\n");
	rc = aliases_parse(&al, b.data, b.len, why, sizeof(why));
	T_CHECK("fan-out: parses", rc == 0);
	rc = aliases_expand(&al, "n0", &out, why, sizeof(why));
	T_CHECK("fan-out: refused", rc == -1);
	T_CHECK("fan-out: reason", strstr(why, "more than 4096 names") != NULL);
	addr_list_free(&out);
	aliases_free(&al);
	buf_free(&b);
}

/* A NUL byte cannot be in a C string: its own case. */
static void
check_nul(void)
{
	static const char text[] = "root: a@x.test\n\0x: y\n";
	struct aliases al = ALIASES_INIT;
	char why[128] = "";

	T_CHECK("parse: NUL byte", aliases_parse(&al, text, sizeof(text) - 1,
	    why, sizeof(why)) == -1 && al.n == 0);
	T_CHECK("parse: NUL byte: reason", strstr(why, "NUL") != NULL);
}

static void
check_find(void)
{
	static const char text[] = "# x\nRoot: a@x.test\nother: b@x.test\n";
	struct aliases al = ALIASES_INIT;
	const struct alias *a;
	char why[128];

	T_CHECK("find: parses", aliases_parse(&al, text, sizeof(text) - 1,
	    why, sizeof(why)) == 0);
	a = aliases_find(&al, "root");
	T_CHECK("find: other case", a != NULL && strcmp(a->name, "Root") == 0);
	T_CHECK("find: line", a != NULL && a->line == 2);
	T_CHECK("find: missing", aliases_find(&al, "roo") == NULL);
	aliases_free(&al);
	T_CHECK("free: empty", al.n == 0 && al.v == NULL);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++)
		check_parse(&parse_cases[i], strlen(parse_cases[i].text));
	for (i = 0; i < sizeof(expand_cases) / sizeof(expand_cases[0]); i++)
		check_expand(&expand_cases[i]);
	check_nul();
	check_fan_out();
	check_find();
	return t_done();
}
