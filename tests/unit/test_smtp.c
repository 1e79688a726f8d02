/*
 * The SMTP engine against canned server replies. The replies are written
 * into one end of a socketpair before the session starts; the engine
 * talks on the other end; afterwards the test reads back every byte the
 * engine sent and compares it with what the protocol requires.
 */
#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "err.h"
#include "smtp.h"
#include "spool.h"
#include "t.h"
#include "../paced.h"

#define MSG	"Subject: t\r\n\r\n.dot\r\nbody\r\n"
#define MSG_OUT	"Subject: t\r\n\r\n..dot\r\nbody\r\n.\r\n"

struct result {
	int		 rc;
	struct err	 e;
	struct buf	 sent;
	struct rcpt	 rcpts[3];
	char		 last[REPLY_TEXT_MAX];
};

static struct spool *
make_spool(const char *msg)
{
	struct spool *sp;
	struct err e;
	int fds[2];

	if (pipe(fds) == -1)
		return NULL;
	if (write(fds[1], msg, strlen(msg)) != (ssize_t)strlen(msg))
		return NULL;
	close(fds[1]);
	if (spool_read(&sp, fds[0], 1, &e) == -1)
		sp = NULL;
	close(fds[0]);
	return sp;
}

/*
 * Runs one session: replies in, result out. rcpts: NULL-terminated.
 * With paced, the replies come line by line (struct paced); without,
 * they are all in the socket from the start, as from a server that
 * does not wait for the commands.
 */
static void
session(const char *replies, const char **rcpts, int lmtp, int paced,
    const char *msg, struct result *res)
{
	struct smtp_params p = { "client.test", lmtp, 1, NULL };
	struct paced pc = { replies, strlen(replies), 0, &res->sent };
	struct transport tr = { paced_read, paced_write, NULL, NULL, NULL,
	    &pc };
	struct envelope env;
	struct smtp *s = NULL;
	struct conn *c;
	struct spool *sp = make_spool(msg);
	char chunk[4096];
	ssize_t n;
	int fds[2];
	size_t i;

	memset(res, 0, sizeof(*res));
	memset(&env, 0, sizeof(env));
	env.sender = strdup("a@example.org");
	env.rcpts = res->rcpts;
	for (i = 0; rcpts[i] != NULL; i++)
		res->rcpts[i].addr = strdup(rcpts[i]);
	env.nrcpts = i;
	socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
	if (!paced && write(fds[1], replies, strlen(replies)) < 0)
		abort();
	/* The server says no more: the engine meets EOF, not a deadline. */
	shutdown(fds[1], SHUT_WR);
	conn_from_fd(&c, fds[0], "server.test:25", 1, &res->e);
	if (paced)
		conn_set_transport(c, &tr);
	res->rc = smtp_open(&s, c, &p, &res->e);
	if (res->rc == 0)
		res->rc = smtp_send(s, &env, sp, 1, &res->e);
	if (s != NULL) {
		snprintf(res->last, sizeof(res->last), "%s", smtp_last_reply(s));
		smtp_close(s);
	}
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	while ((n = read(fds[1], chunk, sizeof(chunk))) > 0)
		buf_add(&res->sent, chunk, (size_t)n);
	if (res->sent.data == NULL)
		buf_addstr(&res->sent, "");
	close(fds[1]);
	spool_free(sp);
	free(env.sender);
	for (i = 0; i < env.nrcpts; i++)
		free(res->rcpts[i].addr);
}

static void
run(const char *replies, const char **rcpts, int lmtp, struct result *res)
{
	session(replies, rcpts, lmtp, 1, MSG, res);
}

static const char *one[] = { "b@example.net", NULL };
static const char *two[] = { "b@example.net", "c@example.net", NULL };

#define EHLO_PIPE "220 hi\r\n250-server.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
#define EHLO_PLAIN "220 hi\r\n250 server.test\r\n"

static void
test_pipelined(void)
{
	struct result r;

	run(EHLO_PIPE "250 ok\r\n250 ok\r\n354 go\r\n250 2.0.0 queued as X\r\n"
	    "221 bye\r\n", one, 0, &r);
	T_CHECK("pipelined: sent", r.rc == 0);
	T_STREQ("pipelined: bytes", r.sent.data,
	    "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n"
	    "RCPT TO:<b@example.net>\r\nDATA\r\n" MSG_OUT "QUIT\r\n");
	T_STREQ("pipelined: last reply", r.last, "250 2.0.0 queued as X");
	buf_free(&r.sent);
}

/*
 * CHUNKING with PIPELINING: one flight, the message as it is, no dot;
 * without PIPELINING, one command at a time.
 */
static void
test_chunking(void)
{
	struct result r;

	run("220 hi\r\n250-server.test\r\n250-PIPELINING\r\n250 CHUNKING\r\n"
	    "250 ok\r\n250 ok\r\n250 2.0.0 queued as C\r\n221 bye\r\n", one, 0,
	    &r);
	T_CHECK("chunking: sent", r.rc == 0);
	T_STREQ("chunking: bytes", r.sent.data,
	    "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n"
	    "RCPT TO:<b@example.net>\r\nBDAT 26 LAST\r\n" MSG "QUIT\r\n");
	T_STREQ("chunking: last reply", r.last, "250 2.0.0 queued as C");
	buf_free(&r.sent);

	run("220 hi\r\n250-server.test\r\n250-PIPELINING\r\n250 CHUNKING\r\n"
	    "250 ok\r\n250 ok\r\n554 5.7.1 no\r\n", one, 0, &r);
	T_CHECK("chunking: refused at the end", r.rc == -1 &&
	    r.e.ex == EX_UNAVAILABLE);
	buf_free(&r.sent);

	/* Without PIPELINING, BDAT still: each command after its reply. */
	run("220 hi\r\n250-server.test\r\n250 CHUNKING\r\n250 ok\r\n250 ok\r\n"
	    "250 2.0.0 queued as D\r\n221 bye\r\n", one, 0, &r);
	T_CHECK("chunking without pipelining: sent", r.rc == 0);
	T_STREQ("chunking without pipelining: bytes", r.sent.data,
	    "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n"
	    "RCPT TO:<b@example.net>\r\nBDAT 26 LAST\r\n" MSG "QUIT\r\n");
	T_STREQ("chunking without pipelining: last reply", r.last,
	    "250 2.0.0 queued as D");
	buf_free(&r.sent);

	run("220 hi\r\n250-server.test\r\n250 CHUNKING\r\n250 ok\r\n"
	    "550 5.1.1 no such user\r\n", one, 0, &r);
	T_CHECK("chunking without pipelining: no recipient, no BDAT",
	    r.rc == -1 && r.e.ex == EX_NOUSER &&
	    strstr(r.sent.data, "BDAT") == NULL);
	T_STREQ("chunking without pipelining: the refusal logged", r.last,
	    "550 5.1.1 no such user");
	buf_free(&r.sent);
}

static void
test_lockstep(void)
{
	struct result r;

	run(EHLO_PLAIN "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n"
	    "221 bye\r\n", two, 0, &r);
	T_CHECK("lockstep: sent", r.rc == 0);
	T_STREQ("lockstep: bytes", r.sent.data,
	    "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n"
	    "RCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n"
	    MSG_OUT "QUIT\r\n");
	buf_free(&r.sent);
}

static void
test_helo_fallback(void)
{
	struct result r;

	run("220 hi\r\n502 no EHLO\r\n250 hello\r\n250 ok\r\n250 ok\r\n"
	    "354 go\r\n250 ok\r\n221 bye\r\n", one, 0, &r);
	T_CHECK("HELO fallback: sent", r.rc == 0);
	T_CHECK("HELO fallback: HELO said", strstr(r.sent.data,
	    "EHLO client.test\r\nHELO client.test\r\nMAIL") != NULL);
	buf_free(&r.sent);
}

static void
test_partial(void)
{
	struct result r;

	run(EHLO_PIPE "250 ok\r\n550 5.1.1 no such user\r\n250 ok\r\n354 go\r\n"
	    "250 ok\r\n221 bye\r\n", two, 0, &r);
	T_CHECK("partial: sent", r.rc == 0);
	T_CHECK("partial: first refused", r.rcpts[0].status == RCPT_PERMFAIL);
	T_STREQ("partial: reply kept", r.rcpts[0].reply,
	    "550 5.1.1 no such user");
	T_CHECK("partial: second taken", r.rcpts[1].status == RCPT_ACCEPTED);
	buf_free(&r.sent);
}

static void
test_all_refused(void)
{
	struct result r;

	run(EHLO_PIPE "250 ok\r\n550 no\r\n451 later\r\n554 no valid "
	    "recipients\r\n", two, 0, &r);
	T_CHECK("all refused: failed", r.rc == -1 && r.e.ex == EX_NOUSER);
	T_STREQ("all refused: message", r.e.msg, "server.test:25: no "
	    "recipient was accepted; message not sent");
	T_CHECK("all refused: no body", strstr(r.sent.data, "Subject") == NULL);
	buf_free(&r.sent);

	run(EHLO_PLAIN "250 ok\r\n451 later\r\n", one, 0, &r);
	T_CHECK("lockstep temp refusal: 75", r.rc == -1 &&
	    r.e.ex == EX_TEMPFAIL);
	T_CHECK("lockstep temp refusal: no DATA",
	    strstr(r.sent.data, "DATA") == NULL);
	buf_free(&r.sent);
}

/* A server that says 354 after refusing MAIL must not get an empty message. */
static void
test_no_empty_message(void)
{
	struct result r;

	run(EHLO_PIPE "451 4.3.0 busy\r\n250 ok\r\n354 go\r\n250 ok\r\n",
	    one, 0, &r);
	T_CHECK("354 after refused MAIL: fails 75", r.rc == -1 &&
	    r.e.ex == EX_TEMPFAIL);
	T_STREQ("354 after refused MAIL: nothing after DATA", r.sent.data,
	    "EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n"
	    "RCPT TO:<b@example.net>\r\nDATA\r\n");
	buf_free(&r.sent);
}

struct fail_case {
	const char	*label;
	const char	*replies;
	int		 ex;
	const char	*msg;
};

static const struct fail_case fail_cases[] = {
	{ "greeting 421", "421 4.3.2 busy\r\n", EX_TEMPFAIL,
	    "server.test:25: server refused the session: 421 4.3.2 busy" },
	{ "greeting 554", "554 go away\r\n", EX_UNAVAILABLE,
	    "server.test:25: server refused the session: 554 go away" },
	{ "MAIL 451", EHLO_PIPE "451 4.3.0 busy\r\n503 no\r\n503 no\r\n",
	    EX_TEMPFAIL, "server.test:25: MAIL FROM:<a@example.org> "
	    "rejected: 451 4.3.0 busy" },
	{ "MAIL 550 lockstep", EHLO_PLAIN "550 no\r\n", EX_UNAVAILABLE,
	    "server.test:25: MAIL FROM:<a@example.org> rejected: 550 no" },
	{ "DATA 554", EHLO_PIPE "250 ok\r\n250 ok\r\n554 no data\r\n",
	    EX_UNAVAILABLE, "server.test:25: DATA rejected: 554 no data" },
	{ "end of data 452", EHLO_PIPE "250 ok\r\n250 ok\r\n354 go\r\n"
	    "452 4.3.1 full\r\n", EX_TEMPFAIL, "server.test:25: message "
	    "rejected at end of data: 452 4.3.1 full" },
	{ "end of data 554", EHLO_PIPE "250 ok\r\n250 ok\r\n354 go\r\n"
	    "554 5.7.1 spam\r\n", EX_UNAVAILABLE, "server.test:25: message "
	    "rejected at end of data: 554 5.7.1 spam" },
	{ "bad code", "600 what\r\n", EX_PROTOCOL,
	    "server.test:25: malformed greeting: reply code out of range" },
	{ "bare LF", "220 hi\n", EX_PROTOCOL,
	    "server.test:25: malformed greeting: line not ended by CRLF" },
	{ "unexpected 250 to DATA", EHLO_PIPE "250 ok\r\n250 ok\r\n250 ok\r\n",
	    EX_PROTOCOL, "server.test:25: unexpected reply to DATA: 250 ok" },
	{ "drop", EHLO_PIPE "250 ok\r\n", EX_TEMPFAIL, "server.test:25: "
	    "connection closed by the server while waiting for the reply to "
	    "RCPT TO" },
	{ "reply cut off by the close", "220 hi\r\n250 x", EX_PROTOCOL,
	    "server.test:25: malformed reply to EHLO: line not ended by CRLF" },
	{ "size limit", "220 hi\r\n250-x\r\n250 SIZE 10\r\n", EX_UNAVAILABLE,
	    "server.test:25: message is 26 bytes, the server accepts at most 10" },
};

static void
test_failures(void)
{
	const struct fail_case *c;
	struct result r;
	size_t i;

	for (i = 0; i < sizeof(fail_cases) / sizeof(fail_cases[0]); i++) {
		c = &fail_cases[i];
		run(c->replies, one, 0, &r);
		T_CHECK(c->label, r.rc == -1 && r.e.ex == c->ex);
		if (c->msg != NULL)
			T_STREQ(c->label, r.e.msg, c->msg);
		buf_free(&r.sent);
	}
}

static void
test_lmtp(void)
{
	struct result r;

	run("220 hi\r\n250-server.test\r\n250 PIPELINING\r\n250 ok\r\n250 ok\r\n"
	    "250 ok\r\n354 go\r\n250 ok b\r\n452 4.2.2 full c\r\n221 bye\r\n",
	    two, 1, &r);
	T_CHECK("LMTP: sent", r.rc == 0);
	T_CHECK("LMTP: LHLO", strncmp(r.sent.data, "LHLO client.test\r\n",
	    18) == 0);
	T_CHECK("LMTP: first delivered", r.rcpts[0].status == RCPT_ACCEPTED);
	T_CHECK("LMTP: second deferred", r.rcpts[1].status == RCPT_TEMPFAIL);
	buf_free(&r.sent);
}

/* What smtp_held_fn reports, for the test below. */
struct outcome {
	int	 calls;
	int	 rc;
	int	 ex;
};

static void
record_outcome(void *arg, int rc, struct err *e)
{
	struct outcome *o = arg;

	o->calls++;
	o->rc = rc;
	o->ex = e->ex;
}

/*
 * A queue run's two messages over LMTP: the first one's end of data
 * goes with the second one's envelope, its per-recipient replies are
 * read after, and the second one's end goes with QUIT at smtp_close.
 */
static void
test_held(void)
{
	static const char replies[] =
	    "220 hi\r\n250-server.test\r\n250 PIPELINING\r\n"
	    "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n"
	    "250 ok b\r\n550 5.1.1 no c\r\n"
	    "250 ok\r\n250 ok\r\n354 go\r\n"
	    "250 ok d\r\n221 bye\r\n";
	struct smtp_params p = { "client.test", 1, 1, NULL };
	struct buf sent = BUF_INIT;
	struct paced pc = { replies, sizeof(replies) - 1, 0, &sent };
	struct transport tr = { paced_read, paced_write, NULL, NULL, NULL,
	    &pc };
	struct rcpt r1[2], r2[1];
	struct envelope e1, e2;
	struct outcome o1 = { 0, 0, 0 }, o2 = { 0, 0, 0 };
	struct spool *sp = make_spool(MSG);
	struct smtp *s = NULL;
	struct conn *c;
	struct err e;
	int fds[2], rc1 = -1, rc2 = -1;

	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));
	memset(r1, 0, sizeof(r1));
	memset(r2, 0, sizeof(r2));
	r1[0].addr = strdup("b@example.net");
	r1[1].addr = strdup("c@example.net");
	r2[0].addr = strdup("d@example.net");
	e1.sender = e2.sender = strdup("a@example.org");
	e1.rcpts = r1;
	e1.nrcpts = 2;
	e2.rcpts = r2;
	e2.nrcpts = 1;
	socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
	conn_from_fd(&c, fds[0], "server.test:24", 1, &e);
	conn_set_transport(c, &tr);
	if (smtp_open(&s, c, &p, &e) == 0) {
		rc1 = smtp_send_pipelined(s, &e1, sp, record_outcome, &o1, &e);
		T_CHECK("held: first not known yet", rc1 == 1 && o1.calls == 0);
		rc2 = smtp_send_pipelined(s, &e2, sp, record_outcome, &o2, &e);
		T_CHECK("held: first known with the second sent",
		    o1.calls == 1 && o1.rc == 0 && o2.calls == 0);
		smtp_close(s);
	}
	T_CHECK("held: both held", rc1 == 1 && rc2 == 1);
	T_CHECK("held: first, per recipient",
	    r1[0].status == RCPT_ACCEPTED && r1[1].status == RCPT_PERMFAIL);
	T_CHECK("held: second known at close", o2.calls == 1 && o2.rc == 0 &&
	    r2[0].status == RCPT_ACCEPTED);
	buf_addch(&sent, '\0');
	T_CHECK("held: end of data, then the next MAIL",
	    strstr(sent.data, "\r\n.\r\nMAIL FROM:<a@example.org>") != NULL);
	T_CHECK("held: the last end with QUIT",
	    strstr(sent.data, "\r\n.\r\nQUIT\r\n") != NULL);
	T_CHECK("held: no RSET", strstr(sent.data, "RSET") == NULL);
	buf_free(&sent);
	spool_free(sp);
	close(fds[1]);
	free(r1[0].addr);
	free(r1[1].addr);
	free(r2[0].addr);
	free(e1.sender);
}

/*
 * Bytes that come with a reply answer no command sent: taken for the
 * next reply, they would shift every later one.
 */
static void
test_unasked(void)
{
	struct result r;

	session("220 hi\r\n250 unasked\r\n", one, 0, 0, MSG, &r);
	T_CHECK("reply never asked for: 76", r.rc == -1 &&
	    r.e.ex == EX_PROTOCOL);
	T_STREQ("reply never asked for: message", r.e.msg, "server.test:25: "
	    "data after the greeting: a reply to a command never sent");
	T_STREQ("reply never asked for: nothing sent", r.sent.data, "");
	buf_free(&r.sent);

	/* A server that does not wait for the commands is not talked to. */
	session(EHLO_PIPE "250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n",
	    one, 0, 0, MSG, &r);
	T_CHECK("replies all at once: 76", r.rc == -1 &&
	    r.e.ex == EX_PROTOCOL);
	buf_free(&r.sent);
}

/* A "." after a bare CR is doubled too: "<CR>.<CR><LF>" ends data somewhere. */
static void
test_bare_cr_dot(void)
{
	struct result r;

	session(EHLO_PIPE "250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n"
	    "221 bye\r\n", one, 0, 1, "S: t\n\na\r.\r\nMAIL FROM:<e@x>\n"
	    "b\r\r.c\n.\r.\n", &r);
	T_CHECK("bare CR dot: sent", r.rc == 0);
	T_CHECK("bare CR dot: stuffed", strstr(r.sent.data,
	    "DATA\r\nS: t\r\n\r\na\r..\r\nMAIL FROM:<e@x>\r\n"
	    "b\r\r..c\r\n..\r..\r\n.\r\nQUIT\r\n") != NULL);
	buf_free(&r.sent);
}

int
main(void)
{
	test_pipelined();
	test_chunking();
	test_lockstep();
	test_helo_fallback();
	test_partial();
	test_all_refused();
	test_no_empty_message();
	test_failures();
	test_lmtp();
	test_held();
	test_unasked();
	test_bare_cr_dot();
	return t_done();
}
