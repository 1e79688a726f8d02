/*
 * Secrets: .netrc lookups, password_command, and the rule for sending
 * credentials at all.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "err.h"
#include "secret.h"
#include "t.h"

struct netrc_case {
	const char	*label;
	const char	*text;
	const char	*host;
	const char	*user;
	const char	*want;		/* NULL: not found */
};

static const struct netrc_case netrc_cases[] = {
	{ "one line", "machine mx.example login a password p1\n",
	    "mx.example", "a", "p1" },
	{ "host case-insensitive", "machine MX.Example login a password p1",
	    "mx.example", "a", "p1" },
	{ "several lines", "machine mx.example\n  login a\n  password p2\n",
	    "mx.example", "a", "p2" },
	{ "other host", "machine other login a password p1\n", "mx.example",
	    "a", NULL },
	{ "login must match", "machine mx.example login b password p1\n",
	    "mx.example", "a", NULL },
	{ "any login when no user", "machine mx.example login b password p3\n",
	    "mx.example", NULL, "p3" },
	{ "second entry", "machine mx.example login b password pb\n"
	    "machine mx.example login a password pa\n", "mx.example", "a",
	    "pa" },
	{ "default after machines", "default login a password pd\n"
	    "machine mx.example login a password pm\n", "mx.example", "a",
	    "pm" },
	{ "default used", "machine x login a password px\n"
	    "default login a password pd\n", "mx.example", "a", "pd" },
	{ "macdef skipped", "macdef init\nmachine mx.example login a password "
	    "bad\n\nmachine mx.example login a password good\n", "mx.example",
	    "a", "good" },
	{ "no password", "machine mx.example login a\n", "mx.example", "a",
	    NULL },
	{ "truncated", "machine", "mx.example", "a", NULL },
	{ "empty", "", "mx.example", "a", NULL },
};

static void
test_netrc(void)
{
	const struct netrc_case *c;
	struct buf out = BUF_INIT;
	size_t i;
	int found;

	for (i = 0; i < sizeof(netrc_cases) / sizeof(netrc_cases[0]); i++) {
		c = &netrc_cases[i];
		buf_reset(&out);
		found = secret_netrc_lookup(c->text, strlen(c->text), c->host,
		    c->user, &out);
		if (c->want == NULL)
			T_CHECK(c->label, !found);
		else {
			T_CHECK(c->label, found);
			T_STREQ(c->label, out.data ? out.data : "", c->want);
		}
	}
	buf_free(&out);
}

static void
test_may_send(void)
{
	T_CHECK("TLS, remote: yes", secret_may_send(1, 0));
	T_CHECK("plain, loopback or unix socket: yes", secret_may_send(0, 1));
	T_CHECK("plain, remote: never", !secret_may_send(0, 0));
}

struct command_case {
	const char	*label;
	const char	*command;
	int		 ex;		/* 0: success */
	const char	*want;		/* secret, or part of the error */
};

static const struct command_case command_cases[] = {
	{ "first line only", "printf 'tok3n\\nsecond\\n'", 0, "tok3n" },
	{ "no final newline", "printf abc", 0, "abc" },
	{ "CRLF", "printf 'abc\\r\\n'", 0, "abc" },
	{ "failing", "exit 3", EX_CONFIG, "exit status 3" },
	{ "empty output", "true", EX_CONFIG, "printed nothing" },
	{ "too slow", "sleep 5; echo late", EX_TEMPFAIL, "within 1 s" },
	{ "too much", "head -c 20000 /dev/zero | tr '\\\\0' x", EX_CONFIG,
	    "more than" },
};

static void
test_commands(void)
{
	const struct command_case *c;
	struct account a;
	struct buf out = BUF_INIT;
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(command_cases) / sizeof(command_cases[0]); i++) {
		c = &command_cases[i];
		memset(&a, 0, sizeof(a));
		a.name = (char *)(uintptr_t)"t";
		a.password_command = (char *)(uintptr_t)c->command;
		err_clear(&e);
		rc = secret_get(&a, "mx.example", "u", "/nonexistent", 1, &out,
		    &e);
		if (c->ex == 0) {
			T_CHECK(c->label, rc == 0);
			T_STREQ(c->label, out.data ? out.data : "", c->want);
		} else {
			T_CHECK(c->label, rc == -1 && e.ex == c->ex);
			T_CHECK(c->label, strstr(e.msg, c->want) != NULL);
		}
	}
	buf_free(&out);
}

/* The helper must not read postie's stdin (the message, or -bs input). */
static void
test_command_stdin(void)
{
	struct account a;
	struct buf out = BUF_INIT;
	struct err e;
	int fds[2], saved = dup(STDIN_FILENO);

	if (pipe(fds) == -1 || write(fds[1], "junk\n", 5) != 5)
		return;
	close(fds[1]);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	memset(&a, 0, sizeof(a));
	a.name = (char *)(uintptr_t)"t";
	a.password_command = (char *)(uintptr_t)"cat";
	T_CHECK("password_command gets /dev/null as stdin",
	    secret_get(&a, "h", "u", NULL, 2, &out, &e) == -1 &&
	    strstr(e.msg, "printed nothing") != NULL);
	dup2(saved, STDIN_FILENO);
	close(saved);
	buf_free(&out);
}

static void
test_sources(void)
{
	char dir[] = "/tmp/postie-secret.XXXXXX", path[64];
	struct account a;
	struct buf out = BUF_INIT;
	struct err e;
	FILE *fp;

	memset(&a, 0, sizeof(a));
	a.name = (char *)(uintptr_t)"t";
	a.password = (char *)(uintptr_t)"direct";
	a.password_command = (char *)(uintptr_t)"echo command";
	T_CHECK("password wins", secret_get(&a, "h", "u", NULL, 1, &out,
	    &e) == 0 && strcmp(out.data, "direct") == 0);
	a.password = NULL;
	T_CHECK("then password_command", secret_get(&a, "h", "u", NULL, 1,
	    &out, &e) == 0 && strcmp(out.data, "command") == 0);
	a.password_command = NULL;
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/.netrc", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("machine h login u password fromnetrc\n", fp);
		fclose(fp);
	}
	T_CHECK("then ~/.netrc", secret_get(&a, "h", "u", dir, 1, &out,
	    &e) == 0 && strcmp(out.data, "fromnetrc") == 0);
	T_CHECK("nothing: config error", secret_get(&a, "other", "u", dir, 1,
	    &out, &e) == -1 && e.ex == EX_CONFIG);
	unlink(path);
	rmdir(dir);
	buf_free(&out);
}

int
main(void)
{
	test_netrc();
	test_may_send();
	test_commands();
	test_command_stdin();
	test_sources();
	return t_done();
}
