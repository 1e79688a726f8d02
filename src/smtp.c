/*
 * SMTP client engine. Each command has a "send" step and a "reply"
 * step; with PIPELINING the sends of MAIL, every RCPT and DATA go out in
 * one flight and the replies are matched in order afterwards (Postfix's
 * send and receive cursors). The body goes through one filter that
 * dot-stuffs lines; the spool already made every line end CRLF.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "addr.h"
#include "auth.h"
#include "buf.h"
#include "conn.h"
#include "err.h"
#include "log.h"
#include "reply.h"
#include "smtp.h"
#include "spool.h"

enum smtp_cmd {
	CMD_GREETING, CMD_EHLO, CMD_HELO, CMD_LHLO, CMD_MAIL, CMD_RCPT,
	CMD_DATA, CMD_EOD, CMD_RSET, CMD_QUIT, CMD_STARTTLS, CMD_AUTH,
	CMD_BDAT
};

/* How each step is named in messages: "... waiting for the %s". */
static const char *const cmd_phrase[] = {
	[CMD_GREETING]	= "greeting",
	[CMD_EHLO]	= "reply to EHLO",
	[CMD_HELO]	= "reply to HELO",
	[CMD_LHLO]	= "reply to LHLO",
	[CMD_MAIL]	= "reply to MAIL FROM",
	[CMD_RCPT]	= "reply to RCPT TO",
	[CMD_DATA]	= "reply to DATA",
	[CMD_EOD]	= "reply to the end of data",
	[CMD_RSET]	= "reply to RSET",
	[CMD_QUIT]	= "reply to QUIT",
	[CMD_STARTTLS]	= "reply to STARTTLS",
	[CMD_AUTH]	= "reply to AUTH",
	[CMD_BDAT]	= "reply to BDAT",
};

#define QUIT_WAIT_MAX	2	/* seconds to wait for 221 after success */

struct smtp {
	struct conn		*conn;
	struct smtp_params	 p;
	struct caps		 caps;
	int			 broken;	/* I/O failed: say nothing more */
	int			 failed;	/* a step failed: don't linger */
	int			 quit_sent;
	/* queue runs: the message whose end-of-data reply is still unread */
	struct envelope		*held;
	smtp_held_fn		 held_done;
	void			*held_arg;
	struct buf		 ehlo_lines;
	char			 greeting[REPLY_TEXT_MAX];
	/* the reply that decided the last step: for the log */
	char			 outcome[REPLY_TEXT_MAX];
	int			 outcome_final;	/* a failure's is kept */
	char			 line[REPLY_LINE_MAX];
};

/* "host:port: <what failed> while sending <what>". */
static int
write_failed(struct smtp *s, const char *what, struct err *e)
{
	char why[sizeof(e->msg)];

	s->broken = s->failed = 1;
	memcpy(why, e->msg, sizeof(why));
	return err_set(e, e->ex, "%s: %s while sending %s", conn_name(s->conn),
	    why, what);
}

/*
 * Queues one command line. With secret, the line's copy on the stack is
 * wiped once it is in the output buffer (which the caller wipes after
 * the flush).
 */
static int
vsend_line(struct smtp *s, struct err *e, int secret, const char *fmt,
    va_list ap) __attribute__((__format__(printf, 4, 0)));

static int
vsend_line(struct smtp *s, struct err *e, int secret, const char *fmt,
    va_list ap)
{
	char line[2048];
	int n, rc = 0;

	n = vsnprintf(line, sizeof(line) - 2, fmt, ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 2)
		rc = err_set(e, EX_SOFTWARE, "%s: command too long",
		    conn_name(s->conn));
	else {
		trace_client(s->p.trace, line, (size_t)n);
		line[n] = '\r';
		line[n + 1] = '\n';
		if (conn_write(s->conn, line, (size_t)n + 2, e) == -1)
			rc = write_failed(s, "a command", e);
	}
	if (secret)
		secure_wipe(line, sizeof(line));
	return rc;
}

static int
send_line(struct smtp *s, struct err *e, const char *fmt, ...)
	__attribute__((__format__(printf, 3, 4)));

static int
send_line(struct smtp *s, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsend_line(s, e, 0, fmt, ap);
	va_end(ap);
	return rc;
}

static int
send_secret(struct smtp *s, struct err *e, const char *fmt, ...)
	__attribute__((__format__(printf, 3, 4)));

static int
send_secret(struct smtp *s, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsend_line(s, e, 1, fmt, ap);
	va_end(ap);
	if (rc == 0 && (rc = conn_flush(s->conn, e)) == -1)
		rc = write_failed(s, "AUTH", e);
	conn_wipe_output(s->conn);
	return rc;
}

static int
flush(struct smtp *s, enum smtp_cmd cmd, struct err *e)
{
	if (conn_flush(s->conn, e) == 0)
		return 0;
	return write_failed(s, cmd == CMD_EOD ? "the message" :
	    cmd_phrase[cmd] + strlen("reply to "), e);
}

/* Turns a failed read into a sentence naming what was awaited. */
static int
read_failed(struct smtp *s, enum smtp_cmd cmd, struct err *e)
{
	char why[sizeof(e->msg)];

	s->broken = s->failed = 1;
	memcpy(why, e->msg, sizeof(why));
	if (e->ex == EX_PROTOCOL)
		return err_set(e, EX_PROTOCOL, "%s: malformed %s: %s",
		    conn_name(s->conn), cmd_phrase[cmd], why);
	return err_set(e, e->ex, "%s: %s %s the %s", conn_name(s->conn), why,
	    strncmp(why, "timed out", 9) == 0 ? "waiting for" :
	    "while waiting for", cmd_phrase[cmd]);
}

/*
 * Reads one whole reply. With caps, the lines after the first are EHLO
 * keywords, kept only when the reply is positive.
 */
static int
read_reply(struct smtp *s, enum smtp_cmd cmd, struct reply *r,
    struct caps *caps, struct err *e)
{
	struct caps seen;
	char why[128];
	size_t len;

	memset(r, 0, sizeof(*r));
	memset(&seen, 0, sizeof(seen));
	conn_deadline(s->conn, s->p.timeout);
	do {
		if (conn_read_line(s->conn, s->line, sizeof(s->line), &len,
		    e) == -1)
			return read_failed(s, cmd, e);
		trace_server(s->p.trace, s->line, len);
		if (reply_add_line(r, s->line, len, why, sizeof(why)) == -1) {
			err_set(e, EX_PROTOCOL, "%s", why);
			return read_failed(s, cmd, e);
		}
		if (caps != NULL && r->nlines > 1 && len > 4)
			reply_ehlo_line(&seen, s->line + 4, len - 4);
		if (caps != NULL && (buf_add(&s->ehlo_lines, s->line, len) == -1 ||
		    buf_addch(&s->ehlo_lines, '\n') == -1))
			return err_nomem(e, "reading EHLO");
	} while (!r->complete);
	if (caps != NULL && r->code == 250)
		*caps = seen;
	return 0;
}

/*
 * Reads the one reply due now. Bytes that came with it answer no command
 * sent: taken for the next reply they would shift every later reply by
 * one, and a refusal could pass for an acceptance (a "250" after the 354
 * taken for the end of data's, the real 554 then ignored).
 */
static int
no_more(struct smtp *s, enum smtp_cmd cmd, struct err *e)
{
	/* Once QUIT is sent, its reply may follow anything. */
	if (conn_buffered(s->conn) == 0 || s->quit_sent)
		return 0;
	s->broken = s->failed = 1;
	return err_set(e, EX_PROTOCOL, "%s: data after the %s: a reply to a "
	    "command never sent", conn_name(s->conn), cmd_phrase[cmd]);
}

static int
read_only_reply(struct smtp *s, enum smtp_cmd cmd, struct reply *r,
    struct caps *caps, struct err *e)
{
	if (read_reply(s, cmd, r, caps, e) == -1)
		return -1;
	return no_more(s, cmd, e);
}

/* The exit code a negative reply to this step deserves (SPEC §6). */
static int
reply_ex(enum smtp_cmd cmd, const struct reply *r)
{
	switch (REPLY_CLASS(r)) {
	case 4:
		return EX_TEMPFAIL;
	case 5:
		return cmd == CMD_RCPT ? EX_NOUSER : EX_UNAVAILABLE;
	default:
		return EX_PROTOCOL;
	}
}

/*
 * The reply the log gives as the server's word on a message: the first
 * that failed it, unless an end of data then took it after all.
 */
static void
outcome_set(struct smtp *s, const char *reply, int taken)
{
	if (taken || !s->outcome_final)
		snprintf(s->outcome, sizeof(s->outcome), "%s", reply);
	s->outcome_final = 1;
}

static void
outcome_clear(struct smtp *s)
{
	s->outcome[0] = '\0';
	s->outcome_final = 0;
}

static int
reply_error(struct smtp *s, enum smtp_cmd cmd, const char *arg,
    const struct reply *r, struct err *e)
{
	const char *name = conn_name(s->conn);
	int ex = reply_ex(cmd, r);

	s->failed = 1;
	outcome_set(s, r->text, 0);
	if (ex == EX_PROTOCOL)
		return err_set(e, ex, "%s: unexpected %s: %s", name,
		    cmd_phrase[cmd], r->text);
	switch (cmd) {
	case CMD_GREETING:
		return err_set(e, ex, "%s: server refused the session: %s",
		    name, r->text);
	case CMD_MAIL:
		return err_set(e, ex, "%s: MAIL FROM:<%s> rejected: %s", name,
		    arg, r->text);
	case CMD_RCPT:
		return err_set(e, ex, "%s: RCPT TO:<%s> rejected: %s", name,
		    arg, r->text);
	case CMD_EOD:
		return err_set(e, ex, "%s: message rejected at end of data: %s",
		    name, r->text);
	default:
		return err_set(e, ex, "%s: %s rejected: %s", name,
		    cmd_phrase[cmd] + 9, r->text);
	}
}

int
smtp_hello(struct smtp *s, struct err *e)
{
	struct reply r;
	enum smtp_cmd cmd = s->p.lmtp ? CMD_LHLO : CMD_EHLO;

	memset(&s->caps, 0, sizeof(s->caps));
	buf_reset(&s->ehlo_lines);
	if (send_line(s, e, "%s %s", s->p.lmtp ? "LHLO" : "EHLO",
	    s->p.helo_name) == -1 || flush(s, cmd, e) == -1 ||
	    read_only_reply(s, cmd, &r, &s->caps, e) == -1)
		return -1;
	if (r.code == 250)
		return 0;
	if (REPLY_CLASS(&r) != 5 || s->p.lmtp)
		return reply_error(s, cmd, NULL, &r, e);
	/* An old server: HELO, and no extensions at all. */
	if (send_line(s, e, "HELO %s", s->p.helo_name) == -1 ||
	    flush(s, CMD_HELO, e) == -1 ||
	    read_only_reply(s, CMD_HELO, &r, NULL, e) == -1)
		return -1;
	if (r.code != 250)
		return reply_error(s, CMD_HELO, NULL, &r, e);
	return 0;
}

int
smtp_open(struct smtp **sp, struct conn *c, const struct smtp_params *p,
    struct err *e)
{
	struct smtp *s;
	struct reply r;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		conn_close(c);
		return err_nomem(e, "starting the session");
	}
	s->conn = c;
	s->p = *p;
	*sp = s;
	if (read_only_reply(s, CMD_GREETING, &r, NULL, e) == -1)
		return -1;
	snprintf(s->greeting, sizeof(s->greeting), "%s", r.text);
	if (r.code != 220)
		return reply_error(s, CMD_GREETING, NULL, &r, e);
	return smtp_hello(s, e);
}

int
smtp_starttls(struct smtp *s, struct err *e)
{
	struct reply r;

	/* Whatever happens now, nothing more goes out in plaintext. */
	if (!(s->caps.ext & EXT_STARTTLS)) {
		s->broken = s->failed = 1;
		return err_set(e, EX_TEMPFAIL, "%s: the server does not offer "
		    "STARTTLS; not continuing without TLS", conn_name(s->conn));
	}
	if (send_line(s, e, "STARTTLS") == -1 ||
	    flush(s, CMD_STARTTLS, e) == -1 ||
	    read_reply(s, CMD_STARTTLS, &r, NULL, e) == -1)
		return -1;
	if (r.code != 220) {
		s->broken = 1;
		return reply_error(s, CMD_STARTTLS, NULL, &r, e);
	}
	if (conn_buffered(s->conn) > 0) {
		s->broken = s->failed = 1;
		return err_set(e, EX_PROTOCOL, "%s: data after the reply to "
		    "STARTTLS (a plaintext injection?)", conn_name(s->conn));
	}
	return 0;
}

/* 535/534 and other refusals: 77; 4xx (454): 75. */
static int
auth_refused(struct smtp *s, const char *mech, const struct reply *r,
    struct err *e)
{
	s->failed = 1;
	return err_set(e, REPLY_CLASS(r) == 4 ? EX_TEMPFAIL : EX_NOPERM,
	    "%s: authentication (%s) failed: %s", conn_name(s->conn), mech,
	    r->text);
}

/* After a challenge we cannot answer: "*" cancels, then the reply. */
static int
auth_cancel(struct smtp *s, struct err *e)
{
	struct err ignored;
	struct reply r;

	if (send_line(s, &ignored, "*") == 0 &&
	    flush(s, CMD_AUTH, &ignored) == 0)
		(void)read_reply(s, CMD_AUTH, &r, NULL, &ignored);
	s->failed = 1;
	return -1;
}

int
smtp_auth(struct smtp *s, struct sasl *sasl, const char *mech, struct err *e)
{
	struct buf resp = BUF_INIT;
	struct reply r;
	int initial, rc = -1;

	if (sasl_initial(sasl, &resp, &initial, e) == -1 ||
	    send_secret(s, e, "AUTH %s%s%s", mech, initial ? " " : "",
	    initial ? resp.data : "") == -1)
		goto done;
	for (;;) {
		if (read_only_reply(s, CMD_AUTH, &r, NULL, e) == -1)
			goto done;
		if (r.code == 235) {
			rc = sasl_done(sasl, e);
			break;
		}
		if (r.code != 334) {
			auth_refused(s, mech, &r, e);
			break;
		}
		if (sasl_step(sasl, strlen(r.text) > 4 ? r.text + 4 : "",
		    &resp, e) == -1) {
			auth_cancel(s, e);
			break;
		}
		if (send_secret(s, e, "%s", resp.data ? resp.data : "") == -1)
			break;
	}
done:
	buf_wipe(&resp);
	return rc;
}

const char *
smtp_greeting(const struct smtp *s)
{
	return s->greeting;
}

const char *
smtp_ehlo_lines(const struct smtp *s)
{
	return s->ehlo_lines.data ? s->ehlo_lines.data : "";
}

const struct caps *
smtp_caps(const struct smtp *s)
{
	return &s->caps;
}

struct conn *
smtp_conn(struct smtp *s)
{
	return s->conn;
}

const char *
smtp_last_reply(const struct smtp *s)
{
	return s->outcome;
}

/* DSN keywords are sent upper case, as RFC 3461 writes them. */
static int
add_upper(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++)
		if (buf_addch(b, (char)toupper((unsigned char)*v)) == -1)
			return -1;
	return 0;
}

/* xtext (RFC 3461 §4): "+", "=" and non-printables as "+XX". */
static int
add_xtext(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v < '!' || *v > '~' || *v == '+' || *v == '=') {
			if (buf_printf(b, "+%02X", (unsigned char)*v) == -1)
				return -1;
		} else if (buf_addch(b, *v) == -1)
			return -1;
	}
	return 0;
}

/*
 * BDAT when the server offers CHUNKING and PIPELINING: the message then
 * goes in the same flight as MAIL and RCPT, with no 354 to wait for.
 */
static int
chunking(const struct smtp *s)
{
	return !s->p.lmtp && (s->caps.ext & EXT_CHUNKING);
}

static const char *
body_param(const struct smtp *s, const struct envelope *env)
{
	unsigned ext = s->caps.ext;

	switch (env->body_type) {
	case BODY_7BIT:
		return ext & EXT_8BITMIME ? "7BIT" : NULL;
	case BODY_BINARYMIME:	/* needs BDAT; else 8BITMIME is the next best */
		if (chunking(s) && ext & EXT_BINARYMIME)
			return "BINARYMIME";
		return ext & EXT_8BITMIME ? "8BITMIME" : NULL;
	case BODY_8BITMIME:
		return ext & EXT_8BITMIME ? "8BITMIME" : NULL;
	case BODY_UNSET:
		break;
	}
	return env->is_8bit && (ext & EXT_8BITMIME) ? "8BITMIME" : NULL;
}

static int
mail_params(struct smtp *s, const struct envelope *env, const struct spool *sp,
    int utf8, struct buf *b)
{
	const char *body = body_param(s, env);

	if (s->caps.ext & EXT_SIZE && spool_size(sp) >= 0 &&
	    buf_printf(b, " SIZE=%lld", (long long)spool_size(sp)) == -1)
		return -1;
	if (body != NULL && buf_printf(b, " BODY=%s", body) == -1)
		return -1;
	if (utf8 && buf_addstr(b, " SMTPUTF8") == -1)
		return -1;
	if (!(s->caps.ext & EXT_DSN))
		return 0;
	if (env->dsn_return != NULL && *env->dsn_return != '\0' &&
	    (buf_addstr(b, " RET=") == -1 || add_upper(b, env->dsn_return) == -1))
		return -1;
	if (env->dsn_envid != NULL && *env->dsn_envid != '\0' &&
	    (buf_addstr(b, " ENVID=") == -1 || add_xtext(b, env->dsn_envid) == -1))
		return -1;
	return 0;
}

/* Checks that need no round trip: size limit and SMTPUTF8. */
static int
preflight(struct smtp *s, const struct envelope *env, const struct spool *sp,
    int *utf8, struct err *e)
{
	size_t i;

	*utf8 = addr_is_utf8(env->sender);
	for (i = 0; i < env->nrcpts && !*utf8; i++)
		*utf8 = addr_is_utf8(env->rcpts[i].addr);
	if (*utf8 && !(s->caps.ext & EXT_SMTPUTF8))
		return err_set(e, EX_DATAERR, "%s: an address is not ASCII and "
		    "the server does not offer SMTPUTF8", conn_name(s->conn));
	if (s->caps.size > 0 && spool_size(sp) >= 0 &&
	    (unsigned long long)spool_size(sp) >
	    (unsigned long long)s->caps.size)
		return err_set(e, EX_UNAVAILABLE, "%s: message is %lld bytes, "
		    "the server accepts at most %lu", conn_name(s->conn),
		    (long long)spool_size(sp), s->caps.size);
	return 0;
}

static int
send_mail(struct smtp *s, const struct envelope *env, const struct spool *sp,
    int utf8, struct err *e)
{
	struct buf b = BUF_INIT;
	int rc;

	if (mail_params(s, env, sp, utf8, &b) == -1)
		return err_nomem(e, "building MAIL FROM");
	rc = send_line(s, e, "MAIL FROM:<%s>%s", env->sender,
	    b.data ? b.data : "");
	buf_free(&b);
	return rc;
}

static int
send_rcpt(struct smtp *s, const struct envelope *env, const struct rcpt *rc,
    struct err *e)
{
	struct buf notify = BUF_INIT;
	int r;

	if (!(s->caps.ext & EXT_DSN) || env->dsn_notify == NULL ||
	    *env->dsn_notify == '\0')
		return send_line(s, e, "RCPT TO:<%s>", rc->addr);
	if (add_upper(&notify, env->dsn_notify) == -1)
		return err_nomem(e, "building RCPT TO");
	r = send_line(s, e, "RCPT TO:<%s> NOTIFY=%s", rc->addr, notify.data);
	buf_free(&notify);
	return r;
}

static void
rcpt_record(struct rcpt *rc, const struct reply *r)
{
	if (REPLY_CLASS(r) == 2) {
		rc->status = RCPT_ACCEPTED;
		return;
	}
	rc->status = REPLY_CLASS(r) == 4 ? RCPT_TEMPFAIL : RCPT_PERMFAIL;
	snprintf(rc->reply, sizeof(rc->reply), "%s", r->text);
}

/* The error when every recipient was refused: 67 if any was final. */
static int
no_recipient(struct smtp *s, const struct envelope *env, struct err *e)
{
	size_t i;
	int ex = EX_TEMPFAIL;

	s->failed = 1;
	for (i = 0; i < env->nrcpts; i++) {
		if (env->rcpts[i].status == RCPT_PERMFAIL)
			ex = EX_NOUSER;
		if (env->rcpts[i].status == RCPT_PERMFAIL ||
		    env->rcpts[i].status == RCPT_TEMPFAIL)
			outcome_set(s, env->rcpts[i].reply, 0);
	}
	return err_set(e, ex, "%s: no recipient was accepted; message not sent",
	    conn_name(s->conn));
}

size_t
smtp_count_status(const struct envelope *env, enum rcpt_status which)
{
	size_t i, n = 0;

	for (i = 0; i < env->nrcpts; i++)
		n += env->rcpts[i].status == which;
	return n;
}

/* MAIL, then each RCPT, each waiting for its reply. */
static int
mail_rcpt_lockstep(struct smtp *s, struct envelope *env,
    const struct spool *sp, int utf8, struct err *e)
{
	struct reply r;
	size_t i;

	if (send_mail(s, env, sp, utf8, e) == -1 ||
	    flush(s, CMD_MAIL, e) == -1 ||
	    read_only_reply(s, CMD_MAIL, &r, NULL, e) == -1)
		return -1;
	if (r.code != 250)
		return reply_error(s, CMD_MAIL, env->sender, &r, e);
	for (i = 0; i < env->nrcpts; i++) {
		if (env->rcpts[i].status != RCPT_PENDING)
			continue;
		if (send_rcpt(s, env, &env->rcpts[i], e) == -1 ||
		    flush(s, CMD_RCPT, e) == -1 ||
		    read_only_reply(s, CMD_RCPT, &r, NULL, e) == -1)
			return -1;
		rcpt_record(&env->rcpts[i], &r);
	}
	if (smtp_count_status(env, RCPT_ACCEPTED) == 0)
		return no_recipient(s, env, e);
	return 0;
}

/* One step at a time, for servers without PIPELINING. */
static int
envelope_lockstep(struct smtp *s, struct envelope *env, const struct spool *sp,
    int utf8, struct reply *data, struct err *e)
{
	if (mail_rcpt_lockstep(s, env, sp, utf8, e) == -1 ||
	    send_line(s, e, "DATA") == -1 || flush(s, CMD_DATA, e) == -1 ||
	    read_only_reply(s, CMD_DATA, data, NULL, e) == -1)
		return -1;
	return 0;
}

/* MAIL and every pending RCPT into the output buffer, not sent yet. */
static int
send_envelope(struct smtp *s, struct envelope *env, const struct spool *sp,
    int utf8, struct err *e)
{
	size_t i;

	if (send_mail(s, env, sp, utf8, e) == -1)
		return -1;
	for (i = 0; i < env->nrcpts; i++)
		if (env->rcpts[i].status == RCPT_PENDING &&
		    send_rcpt(s, env, &env->rcpts[i], e) == -1)
			return -1;
	return 0;
}

/* The replies to MAIL (into *mail) and to each pending RCPT, recorded. */
static int
read_envelope(struct smtp *s, struct envelope *env, struct reply *mail,
    struct err *e)
{
	struct reply r;
	size_t i;

	if (read_reply(s, CMD_MAIL, mail, NULL, e) == -1)
		return -1;
	for (i = 0; i < env->nrcpts; i++) {
		if (env->rcpts[i].status != RCPT_PENDING)
			continue;
		if (read_reply(s, CMD_RCPT, &r, NULL, e) == -1)
			return -1;
		if (mail->code == 250)
			rcpt_record(&env->rcpts[i], &r);
	}
	return 0;
}

/* MAIL, every RCPT and DATA into the output buffer, not sent yet. */
static int
envelope_queue(struct smtp *s, struct envelope *env, const struct spool *sp,
    int utf8, struct err *e)
{
	if (send_envelope(s, env, sp, utf8, e) == -1)
		return -1;
	return send_line(s, e, "DATA");
}

static int	envelope_replies(struct smtp *, struct envelope *,
		    struct reply *, struct err *);

/* MAIL, every RCPT and DATA in one flight; replies matched in order. */
static int
envelope_pipelined(struct smtp *s, struct envelope *env,
    const struct spool *sp, int utf8, struct reply *data, struct err *e)
{
	if (envelope_queue(s, env, sp, utf8, e) == -1 ||
	    flush(s, CMD_DATA, e) == -1)
		return -1;
	return envelope_replies(s, env, data, e);
}

/* The replies to MAIL, each RCPT and DATA, in order. */
static int
envelope_replies(struct smtp *s, struct envelope *env, struct reply *data,
    struct err *e)
{
	struct reply mail;

	if (read_envelope(s, env, &mail, e) == -1 ||
	    read_only_reply(s, CMD_DATA, data, NULL, e) == -1)
		return -1;
	if (mail.code != 250 || smtp_count_status(env, RCPT_ACCEPTED) == 0) {
		/*
		 * A server that said 354 anyway would take a "." as an empty
		 * message: hang up instead, which aborts the transaction.
		 */
		if (data->code == 354)
			s->broken = 1;
		if (mail.code != 250)
			return reply_error(s, CMD_MAIL, env->sender, &mail, e);
		return no_recipient(s, env, e);
	}
	return 0;
}

static void
trace_size(struct smtp *s, const struct spool *sp)
{
	if (spool_size(sp) >= 0)
		trace_note(s->p.trace, "(%lld bytes of message data)",
		    (long long)spool_size(sp));
	else
		trace_note(s->p.trace, "(message data, sent while it is read)");
}

/*
 * A "." that starts a line is doubled; so is one after a bare CR. Some
 * servers take "<CR>.<CR><LF>" for the end of data; doubling that "."
 * keeps what follows it from being read as commands there (SMTP
 * smuggling). An RFC 5321 server then keeps the extra "." in the
 * message: only a bare CR followed by a dot is touched. Spool lines end
 * in CRLF, so every "." after a CR or LF is one of the two.
 */
static int
write_stuffed(struct smtp *s, const char *p, size_t n, int *bol,
    struct err *e)
{
	const char *start = p, *end = p + n, *run = p, *dot;

	for (; (dot = memchr(p, '.', (size_t)(end - p))) != NULL; p = dot + 1) {
		if (dot == start ? !*bol : dot[-1] != '\n' && dot[-1] != '\r')
			continue;
		if (conn_write(s->conn, run, (size_t)(dot + 1 - run), e) == -1 ||
		    conn_write(s->conn, ".", 1, e) == -1)
			return -1;
		run = dot + 1;
	}
	if (run < end && conn_write(s->conn, run, (size_t)(end - run), e) == -1)
		return -1;
	if (n > 0)
		*bol = end[-1] == '\n' || end[-1] == '\r';
	return 0;
}

/*
 * Streams the message with dot-stuffing. A message still being read
 * went without SIZE=: past the server's limit it is cut off, without
 * the final ".", which aborts the transaction. So does a failure to
 * read the rest of it.
 */
static int
send_body(struct smtp *s, struct spool *sp, struct err *e)
{
	char buf[65536];
	unsigned long long sent = 0;
	ssize_t n;
	int bol = 1;

	if (spool_rewind(sp, e) == -1)
		return -1;
	trace_size(s, sp);
	while ((n = spool_read_message(sp, buf, sizeof(buf), e)) > 0) {
		sent += (unsigned long long)n;
		if (s->caps.size > 0 && sent > s->caps.size) {
			s->broken = s->failed = 1;
			return err_set(e, EX_UNAVAILABLE, "%s: message is more "
			    "than %lu bytes, the most the server accepts",
			    conn_name(s->conn), s->caps.size);
		}
		if (write_stuffed(s, buf, (size_t)n, &bol, e) == -1)
			return write_failed(s, "the message", e);
	}
	if (n == -1) {
		s->broken = s->failed = 1;
		return -1;
	}
	trace_client(s->p.trace, ".", 1);
	if (conn_write(s->conn, ".\r\n", 3, e) == 0)
		return 0;
	return write_failed(s, "the message", e);
}

/*
 * End of data: one reply, or with LMTP one per accepted recipient. more:
 * replies to commands sent after it may follow (a queue run's next
 * message).
 */
static int
read_eod(struct smtp *s, struct envelope *env, int more, struct err *e)
{
	struct reply r;
	size_t i;

	if (!s->p.lmtp) {
		if (read_reply(s, CMD_EOD, &r, NULL, e) == -1 ||
		    (!more && no_more(s, CMD_EOD, e) == -1))
			return -1;
		if (r.code != 250)
			return reply_error(s, CMD_EOD, NULL, &r, e);
		outcome_set(s, r.text, 1);
		return 0;
	}
	for (i = 0; i < env->nrcpts; i++) {
		if (env->rcpts[i].status != RCPT_ACCEPTED)
			continue;
		if (read_reply(s, CMD_EOD, &r, NULL, e) == -1)
			return -1;
		if (r.code != 250)
			rcpt_record(&env->rcpts[i], &r);
		outcome_set(s, r.text, r.code == 250);
	}
	if (!more && no_more(s, CMD_EOD, e) == -1)
		return -1;
	if (smtp_count_status(env, RCPT_ACCEPTED) == 0)
		return no_recipient(s, env, e);
	return 0;
}

/* The message as it is, for BDAT: no dot-stuffing, no terminator. */
static int
send_raw(struct smtp *s, struct spool *sp, struct err *e)
{
	char buf[65536];
	ssize_t n;

	if (spool_rewind(sp, e) == -1)
		return -1;
	trace_size(s, sp);
	while ((n = spool_read_message(sp, buf, sizeof(buf), e)) > 0)
		if (conn_write(s->conn, buf, (size_t)n, e) == -1)
			return write_failed(s, "the message", e);
	return n == -1 ? -1 : 0;
}

/*
 * BDAT for a server that offers CHUNKING without PIPELINING: MAIL and
 * each RCPT wait for their replies, then "BDAT size LAST" with the
 * message, then its reply (QUIT may not go with it).
 */
static int
chunked_lockstep(struct smtp *s, struct envelope *env, struct spool *sp,
    int utf8, struct err *e)
{
	struct reply r;

	if (mail_rcpt_lockstep(s, env, sp, utf8, e) == -1 ||
	    send_line(s, e, "BDAT %lld LAST", (long long)spool_size(sp)) == -1 ||
	    send_raw(s, sp, e) == -1 || flush(s, CMD_BDAT, e) == -1 ||
	    read_only_reply(s, CMD_BDAT, &r, NULL, e) == -1)
		return -1;
	if (r.code != 250)
		return reply_error(s, CMD_EOD, NULL, &r, e);
	outcome_set(s, r.text, 1);
	return 0;
}

/*
 * MAIL, every RCPT, "BDAT size LAST" with the message, and QUIT, in one
 * flight (RFC 3030 lets BDAT be pipelined); the replies in order after.
 * A server with no recipient left refuses the BDAT, having read it.
 */
static int
send_chunked(struct smtp *s, struct envelope *env, struct spool *sp,
    int utf8, int quit_after, struct err *e)
{
	struct reply mail, r;

	if (!(s->caps.ext & EXT_PIPELINING))
		return chunked_lockstep(s, env, sp, utf8, e);
	if (send_envelope(s, env, sp, utf8, e) == -1 ||
	    send_line(s, e, "BDAT %lld LAST", (long long)spool_size(sp)) == -1 ||
	    send_raw(s, sp, e) == -1)
		return -1;
	if (quit_after) {
		if (send_line(s, e, "QUIT") == -1)
			return -1;
		s->quit_sent = 1;
	}
	if (flush(s, CMD_BDAT, e) == -1 ||
	    read_envelope(s, env, &mail, e) == -1 ||
	    read_reply(s, CMD_BDAT, &r, NULL, e) == -1 ||
	    no_more(s, CMD_BDAT, e) == -1)
		return -1;
	if (mail.code != 250)
		return reply_error(s, CMD_MAIL, env->sender, &mail, e);
	if (smtp_count_status(env, RCPT_ACCEPTED) == 0)
		return no_recipient(s, env, e);
	if (r.code != 250)
		return reply_error(s, CMD_EOD, NULL, &r, e);
	outcome_set(s, r.text, 1);
	return 0;
}

/*
 * BDAT when the server takes it and the size is known, since BDAT LAST
 * states it. A message still being read goes with DATA, which CHUNKING
 * servers keep taking (RFC 3030), so that it is sent while it is read;
 * unless it is BINARYMIME, which only BDAT carries: that one is read
 * to its end first. Returns 1 for BDAT, 0 for DATA, or -1.
 */
static int
use_bdat(const struct smtp *s, const struct envelope *env, struct spool *sp,
    struct err *e)
{
	if (!chunking(s))
		return 0;
	if (spool_size(sp) == -1 && env->body_type == BODY_BINARYMIME &&
	    s->caps.ext & EXT_BINARYMIME && spool_drain(sp, e) == -1)
		return -1;
	return spool_size(sp) >= 0;
}

int
smtp_send(struct smtp *s, struct envelope *env, struct spool *sp,
    int quit_after, struct err *e)
{
	struct reply data;
	int utf8, bdat;

	/* The analyzer cannot see that every failure returns -1. */
	memset(&data, 0, sizeof(data));
	outcome_clear(s);
	if ((bdat = use_bdat(s, env, sp, e)) == -1 ||
	    preflight(s, env, sp, &utf8, e) == -1) {
		s->failed = 1;
		return -1;
	}
	if (bdat)
		return send_chunked(s, env, sp, utf8, quit_after, e);
	if ((s->caps.ext & EXT_PIPELINING ?
	    envelope_pipelined(s, env, sp, utf8, &data, e) :
	    envelope_lockstep(s, env, sp, utf8, &data, e)) == -1)
		return -1;
	if (data.code != 354)
		return reply_error(s, CMD_DATA, NULL, &data, e);
	if (send_body(s, sp, e) == -1)
		return -1;
	/* RFC 2920: QUIT may close the group that the message content opened. */
	if (quit_after && s->caps.ext & EXT_PIPELINING) {
		if (send_line(s, e, "QUIT") == -1)
			return -1;
		s->quit_sent = 1;
	}
	if (flush(s, CMD_EOD, e) == -1)
		return -1;
	return read_eod(s, env, 0, e);
}

/*
 * Sends what is buffered; with a message held, reads its end-of-data
 * reply and gives the outcome to its owner. more: as for read_eod.
 * Returns -1 when the session broke (e says how).
 */
static int
settle(struct smtp *s, int more, struct err *e)
{
	struct envelope *env = s->held;
	struct err he;
	int rc;

	s->held = NULL;
	err_clear(&he);
	rc = flush(s, env != NULL ? CMD_EOD : CMD_DATA, &he);
	if (rc == 0 && env != NULL)
		rc = read_eod(s, env, more, &he);
	if (env != NULL) {
		if (!s->broken)
			s->failed = 0;	/* its transaction is over, ended */
		s->held_done(s->held_arg, rc, &he);
	}
	if (!s->broken)
		return 0;
	if (he.msg[0] != '\0')
		*e = he;
	else
		err_set(e, EX_TEMPFAIL, "%s: the session is over",
		    conn_name(s->conn));
	return -1;
}

int
smtp_send_pipelined(struct smtp *s, struct envelope *env, struct spool *sp,
    smtp_held_fn done, void *arg, struct err *e)
{
	struct reply data;
	struct err se;
	int utf8;

	if (chunking(s) || !(s->caps.ext & EXT_PIPELINING))
		return settle(s, 0, e) == -1 ? -1 : smtp_send(s, env, sp, 0, e);
	memset(&data, 0, sizeof(data));
	if (preflight(s, env, sp, &utf8, e) == -1) {
		(void)settle(s, 0, &se);
		outcome_clear(s);
		s->failed = 1;
		return -1;
	}
	/* This envelope goes in the flight that ends the held message. */
	if (envelope_queue(s, env, sp, utf8, e) == -1) {
		(void)settle(s, 1, &se);
		outcome_clear(s);
		return -1;
	}
	if (settle(s, 1, e) == -1)
		return -1;
	outcome_clear(s);
	if (envelope_replies(s, env, &data, e) == -1)
		return -1;
	if (data.code != 354)
		return reply_error(s, CMD_DATA, NULL, &data, e);
	if (send_body(s, sp, e) == -1)
		return -1;
	s->held = env;
	s->held_done = done;
	s->held_arg = arg;
	return 1;
}

int
smtp_reset(struct smtp *s, struct err *e)
{
	struct reply r;

	if (settle(s, 0, e) == -1)
		return -1;
	if (s->broken || s->quit_sent)
		return err_set(e, EX_TEMPFAIL, "%s: the session is over",
		    conn_name(s->conn));
	if (send_line(s, e, "RSET") == -1 || flush(s, CMD_RSET, e) == -1 ||
	    read_only_reply(s, CMD_RSET, &r, NULL, e) == -1)
		return -1;
	if (r.code != 250) {
		s->broken = 1;
		return reply_error(s, CMD_RSET, NULL, &r, e);
	}
	s->failed = 0;
	return 0;
}

int
smtp_usable(const struct smtp *s)
{
	return !s->broken && !s->quit_sent;
}

void
smtp_give_up(struct smtp *s, int tls_lost)
{
	s->failed = 1;
	if (tls_lost)
		s->broken = 1;
}

void
smtp_close(struct smtp *s)
{
	struct reply r;
	struct err e;

	if (s == NULL)
		return;
	/* A held message's end of data and QUIT: one flight. */
	if (s->held != NULL && !s->broken && send_line(s, &e, "QUIT") == 0)
		s->quit_sent = 1;
	(void)settle(s, 0, &e);
	if (!s->broken && !s->quit_sent) {
		if (send_line(s, &e, "QUIT") == 0)
			(void)conn_flush(s->conn, &e);
		s->quit_sent = 1;
	}
	/*
	 * After a success the 221 is on its way: reading it lets the
	 * connection end with FIN rather than RST. After a failure, no wait.
	 */
	if (!s->broken && !s->failed) {
		s->p.timeout = conn_timeout(s->conn) < QUIT_WAIT_MAX ?
		    conn_timeout(s->conn) : QUIT_WAIT_MAX;
		(void)read_reply(s, CMD_QUIT, &r, NULL, &e);
	}
	conn_close(s->conn);
	buf_free(&s->ehlo_lines);
	free(s);
}
