/*
 * -bs. Commands are read line by line from a buffer that is refilled
 * only when empty, and replies are flushed only before the server would
 * wait for input: a pipelined group of commands gets its replies in one
 * write (RFC 2920 §3.2). DATA is streamed into the spool with
 * dot-unstuffing, so a message of any size takes constant memory.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "account.h"
#include "addr.h"
#include "buf.h"
#include "cmdline.h"
#include "conf.h"
#include "envelope.h"
#include "err.h"
#include "serve.h"
#include "smtp.h"
#include "spool.h"
#include "submit.h"

#define SERVE_LINE_MAX		512	/* a command line, CRLF included */
#define SERVE_RCPTS_MAX		1000
#define SERVE_ERRORS_MAX	20	/* bad commands before 421 */
#define SERVE_INBUF		65536

struct session {
	const struct serve_ctx	*ctx;
	int			 in, out;
	char			*inbuf;
	size_t			 pos, len;
	int			 eof;
	struct buf		 outbuf;
	int			 greeted;	/* EHLO or HELO seen */
	int			 in_mail;	/* MAIL accepted */
	char			*sender;
	char			**rcpts;
	size_t			 nrcpts;
	int			 errors;
	int			 quit;
	struct err		 fatal;		/* why the session ended badly */
};

static int
reply(struct session *s, const char *fmt, ...)
	__attribute__((__format__(printf, 2, 3)));

static int
reply(struct session *s, const char *fmt, ...)
{
	char line[600];
	va_list ap;
	size_t i;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	/* Upstream text may hold anything: keep the reply one clean line. */
	for (i = 0; line[i] != '\0'; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	if (buf_addstr(&s->outbuf, line) == -1 ||
	    buf_add(&s->outbuf, "\r\n", 2) == -1)
		return -1;
	return 0;
}

static int
flush_out(struct session *s)
{
	size_t off = 0;
	ssize_t n;

	while (off < s->outbuf.len) {
		n = write(s->out, s->outbuf.data + off, s->outbuf.len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(&s->fatal, EX_IOERR, "cannot write the "
			    "SMTP reply: %s", n == 0 ? "no progress" :
			    strerror(errno));
		off += (size_t)n;
	}
	buf_reset(&s->outbuf);
	return 0;
}

/* Refills the input buffer; replies are flushed before any wait. */
static int
fill(struct session *s)
{
	struct pollfd pfd;
	ssize_t n;
	int r;

	if (flush_out(s) == -1)
		return -1;
	if (s->pos > 0) {
		memmove(s->inbuf, s->inbuf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	pfd.fd = s->in;
	pfd.events = POLLIN;
	do
		r = poll(&pfd, 1, s->ctx->idle_timeout * 1000);
	while (r == -1 && errno == EINTR);
	if (r == 0) {
		(void)reply(s, "421 4.4.2 %s idle for too long, closing",
		    s->ctx->domain);
		(void)flush_out(s);
		return err_set(&s->fatal, EX_TEMPFAIL, "-bs: the client was "
		    "idle for %d s", s->ctx->idle_timeout);
	}
	do
		n = read(s->in, s->inbuf + s->len, SERVE_INBUF - s->len);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return err_set(&s->fatal, EX_IOERR, "-bs: cannot read: %s",
		    strerror(errno));
	if (n == 0)
		s->eof = 1;
	s->len += (size_t)n;
	return 0;
}

/*
 * One command line, without its line end, into line. 1 a line (with
 * *too_long set when it was over the limit and has been skipped), 0 at
 * the end of input, -1 on error.
 */
static int
read_command(struct session *s, char *line, size_t *len, int *too_long)
{
	char *nl;
	size_t n;

	*too_long = 0;
	while ((nl = memchr(s->inbuf + s->pos, '\n', s->len - s->pos)) ==
	    NULL) {
		if (s->len - s->pos >= SERVE_LINE_MAX) {
			*too_long = 1;	/* keep only the search for its end */
			s->pos = s->len;
		}
		if (s->eof)
			return 0;
		if (fill(s) == -1)
			return -1;
	}
	n = (size_t)(nl - (s->inbuf + s->pos));
	if (*too_long || n + 1 > SERVE_LINE_MAX) {
		*too_long = 1;
		s->pos += n + 1;
		return 1;
	}
	if (n > 0 && s->inbuf[s->pos + n - 1] == '\r')
		n--;
	memcpy(line, s->inbuf + s->pos, n);
	line[n] = '\0';
	*len = n;
	s->pos = (size_t)(nl - s->inbuf) + 1;
	return 1;
}

/*
 * The message after 354, into sp, dot-unstuffed, up to the line holding
 * only ".". 1 complete, 0 the input ended first, -1 on error.
 */
static int
read_data(struct session *s, struct spool *sp, struct err *e)
{
	const char *p, *end, *nl;
	size_t take;
	int bol = 1;

	for (;;) {
		if (s->pos == s->len || (bol && s->inbuf[s->pos] == '.' &&
		    s->len - s->pos < 3 && !s->eof)) {
			if (s->eof)
				return 0;
			if (fill(s) == -1)
				return -1;
			continue;
		}
		p = s->inbuf + s->pos;
		end = s->inbuf + s->len;
		if (bol && *p == '.') {
			if (end - p >= 2 && p[1] == '\n') {
				s->pos += 2;
				return 1;
			}
			if (end - p >= 3 && p[1] == '\r' && p[2] == '\n') {
				s->pos += 3;
				return 1;
			}
			p++;		/* the stuffed dot */
			s->pos++;
			if (p == end)
				continue;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		take = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		if (spool_write(sp, p, take, e) == -1)
			return -1;
		s->pos += take;
		bol = nl != NULL;
	}
}

static void
transaction_reset(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nrcpts; i++)
		free(s->rcpts[i]);
	free(s->rcpts);
	free(s->sender);
	s->rcpts = NULL;
	s->nrcpts = 0;
	s->sender = NULL;
	s->in_mail = 0;
}

/*
 * "FROM:<path> params": the address inside the brackets (quotes
 * respected) into *addr, malloc'd, and where the parameters start.
 */
static int
parse_path(const char *arg, const char *prefix, char **addr,
    const char **params)
{
	const char *p;
	size_t n = strlen(prefix);
	int quoted = 0;

	if (strncasecmp(arg, prefix, n) != 0)
		return -1;
	for (arg += n; *arg == ' '; arg++)
		;
	if (*arg != '<')
		return -1;
	for (p = arg + 1; *p != '\0' && (quoted || *p != '>'); p++) {
		if (*p == '\\' && quoted && p[1] != '\0')
			p++;
		else if (*p == '"')
			quoted = !quoted;
	}
	if (*p != '>')
		return -1;
	if ((*addr = strndup(arg + 1, (size_t)(p - arg - 1))) == NULL)
		return -1;
	for (p++; *p == ' '; p++)
		;
	*params = p;
	return 0;
}

/*
 * A path's address is one plain mailbox (or, for MAIL, empty): the same
 * check the command line gets, so nothing can ride along into the
 * commands postie sends upstream.
 */
static int
valid_address(const char *addr, int empty_ok)
{
	char why[128];

	if (*addr == '\0')
		return empty_ok;
	return addr_check_path(addr, why, sizeof(why)) == 0;
}

static int
cmd_ehlo(struct session *s, const char *arg, int extended)
{
	if (*arg == '\0')
		return reply(s, "501 5.5.4 %s needs a domain",
		    extended ? "EHLO" : "HELO");
	transaction_reset(s);
	s->greeted = 1;
	if (!extended)
		return reply(s, "250 %s", s->ctx->domain);
	/* Only what the relay path can honour whatever the smarthost is. */
	if (reply(s, "250-%s", s->ctx->domain) == -1 ||
	    reply(s, "250-PIPELINING") == -1 ||
	    reply(s, "250-8BITMIME") == -1 ||
	    reply(s, "250-SIZE") == -1)
		return -1;
	return reply(s, "250 ENHANCEDSTATUSCODES");
}

/* MAIL parameters: BODY= and SIZE= are understood, nothing else. */
static int
mail_params(const char *p, enum body_type *body)
{
	const char *end;
	size_t n;

	for (; *p != '\0'; p = end) {
		end = p + strcspn(p, " ");
		n = (size_t)(end - p);
		if (n == 13 && strncasecmp(p, "BODY=8BITMIME", n) == 0)
			*body = BODY_8BITMIME;
		else if (n == 9 && strncasecmp(p, "BODY=7BIT", n) == 0)
			*body = BODY_7BIT;
		else if (n < 5 || strncasecmp(p, "SIZE=", 5) != 0 ||
		    strspn(p + 5, "0123456789") != n - 5 || n == 5)
			return -1;
		while (*end == ' ')
			end++;
	}
	return 0;
}

static int
cmd_mail(struct session *s, const char *arg, enum body_type *body)
{
	const char *params;
	char *addr;

	if (!s->greeted)
		return reply(s, "503 5.5.1 say EHLO or HELO first");
	if (s->in_mail)
		return reply(s, "503 5.5.1 a transaction is already open");
	if (parse_path(arg, "FROM:", &addr, &params) == -1)
		return reply(s, "501 5.5.4 syntax: MAIL FROM:<address>");
	if (!valid_address(addr, 1)) {
		free(addr);
		return reply(s, "501 5.1.7 bad sender address syntax");
	}
	*body = BODY_UNSET;
	if (mail_params(params, body) == -1) {
		free(addr);
		return reply(s, "555 5.5.4 MAIL parameter not supported");
	}
	s->sender = addr;
	s->in_mail = 1;
	return reply(s, "250 2.1.0 Ok");
}

static int
cmd_rcpt(struct session *s, const char *arg)
{
	const char *params;
	char *addr, **v;

	if (!s->in_mail)
		return reply(s, "503 5.5.1 MAIL first");
	if (s->nrcpts >= SERVE_RCPTS_MAX)
		return reply(s, "452 4.5.3 too many recipients");
	if (parse_path(arg, "TO:", &addr, &params) == -1)
		return reply(s, "501 5.5.4 syntax: RCPT TO:<address>");
	if (!valid_address(addr, 0)) {
		free(addr);
		return reply(s, "501 5.1.3 bad recipient address syntax");
	}
	if (*params != '\0') {
		free(addr);
		return reply(s, "555 5.5.4 RCPT parameter not supported");
	}
	if ((v = realloc(s->rcpts, (s->nrcpts + 1) * sizeof(*v))) == NULL) {
		free(addr);
		return reply(s, "452 4.3.0 out of memory");
	}
	s->rcpts = v;
	s->rcpts[s->nrcpts++] = addr;
	return reply(s, "250 2.1.5 Ok");
}

int
serve_reply_code(int ex)
{
	switch (ex) {
	case EX_NOUSER:		/* every recipient refused for good */
		return 550;
	case EX_UNAVAILABLE:	/* the smarthost refused the message */
	case EX_DATAERR:	/* e.g. non-ASCII address, no SMTPUTF8 */
		return 554;
	default:		/* postie's own trouble: try again later */
		return 451;
	}
}

/* The first line of the submission's notes, for a reply. */
static void
first_note(const struct submit_result *res, char *out, size_t cap)
{
	const char *p = res->notes.data ? res->notes.data : "";

	snprintf(out, cap, "%.*s", (int)strcspn(p, "\n"), p);
}

/* Relays one received message and answers its end of data. */
static int
relay(struct session *s, struct spool *sp, enum body_type body)
{
	const struct serve_ctx *c = s->ctx;
	struct submit_ctx sc;
	struct submit_result res;
	struct envelope env;
	struct opts o = *c->opts;
	char note[400];
	struct err e;
	int rc, code;

	err_clear(&e);
	memset(&res, 0, sizeof(res));
	memset(&env, 0, sizeof(env));
	o.sender = s->sender;
	o.recipients = s->rcpts;
	o.nrecipients = s->nrcpts;
	o.read_recipients = 0;
	o.body_type = body;
	sc.conf = c->conf;
	sc.user = c->user;
	sc.opts = &o;
	sc.domain = c->domain;
	sc.trace = c->trace;
	if ((sc.acct = account_select(c->conf, o.account, o.sender, c->domain,
	    &e)) == NULL ||
	    envelope_build(&env, &o, sc.acct, c->user, c->conf->aliases,
	    c->domain, sp, &e) == -1)
		rc = -1;
	else
		rc = submit_message(&sc, &env, sp, &res, &e);
	first_note(&res, note, sizeof(note));
	/*
	 * Delivered to some: a 4xx would make the client send it again, to
	 * those too. The others are named (and kept, if anywhere).
	 */
	if (rc == -1 && smtp_count_status(&env, RCPT_ACCEPTED) > 0)
		rc = reply(s, "250 2.0.0 Ok: sent, but %s", *note ? note : e.msg);
	else if (rc == 0)
		rc = reply(s, "250 2.0.0 Ok: %s%s%s", res.status,
		    *res.delivery.reply ? ": " : "", res.delivery.reply);
	else if (e.ex == EX_NOUSER && e.msg[0] == '\0')
		/* Delivered, but not to everyone: the others are named. */
		rc = reply(s, "250 2.0.0 Ok: sent, but %s", note);
	else {
		code = serve_reply_code(e.ex);
		rc = reply(s, "%d %d.0.0 %s", code, code / 100,
		    e.ex == EX_NOUSER && *note ? note : e.msg);
	}
	submit_result_free(&res);
	envelope_free(&env);
	return rc;
}

static int
cmd_data(struct session *s, enum body_type body)
{
	struct spool *sp = NULL;
	struct err e;
	int r, rc;

	if (!s->in_mail || s->nrcpts == 0)
		return reply(s, "503 5.5.1 %s first",
		    s->in_mail ? "RCPT" : "MAIL");
	if (reply(s, "354 End data with <CR><LF>.<CR><LF>") == -1 ||
	    spool_begin(&sp, 0, &e) == -1)
		return -1;
	r = read_data(s, sp, &e);
	if (r == 1 && spool_end(sp, &e) == 0)
		rc = relay(s, sp, body);
	else if (r == 0)
		rc = err_set(&s->fatal, EX_TEMPFAIL, "-bs: the input ended in "
		    "the middle of a message");
	else if (s->fatal.ex != 0)
		rc = -1;
	else
		rc = reply(s, "451 4.3.0 %s", e.msg);
	spool_free(sp);
	transaction_reset(s);
	return r == 1 ? rc : -1;
}

enum verb {
	V_EHLO, V_HELO, V_MAIL, V_RCPT, V_DATA, V_RSET, V_NOOP, V_QUIT,
	V_VRFY, V_EXPN, V_HELP, V_STARTTLS, V_AUTH, V_BDAT
};

static const struct {
	const char	*name;
	enum verb	 verb;
} verbs[] = {
	{ "EHLO", V_EHLO }, { "HELO", V_HELO }, { "MAIL", V_MAIL },
	{ "RCPT", V_RCPT }, { "DATA", V_DATA }, { "RSET", V_RSET },
	{ "NOOP", V_NOOP }, { "QUIT", V_QUIT }, { "VRFY", V_VRFY },
	{ "EXPN", V_EXPN }, { "HELP", V_HELP }, { "STARTTLS", V_STARTTLS },
	{ "AUTH", V_AUTH }, { "BDAT", V_BDAT },
};

/* The verb of a line, and where its argument starts; -1 if unknown. */
static int
find_verb(const char *line, const char **arg)
{
	size_t i, n = strcspn(line, " ");

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strlen(verbs[i].name) == n &&
		    strncasecmp(line, verbs[i].name, n) == 0) {
			for (*arg = line + n; **arg == ' '; (*arg)++)
				;
			return (int)verbs[i].verb;
		}
	return -1;
}

static int
dispatch(struct session *s, const char *line, enum body_type *body)
{
	const char *arg = "";
	int v = find_verb(line, &arg);

	switch (v) {
	case V_EHLO:
	case V_HELO:
		return cmd_ehlo(s, arg, v == V_EHLO);
	case V_MAIL:
		return cmd_mail(s, arg, body);
	case V_RCPT:
		return cmd_rcpt(s, arg);
	case V_DATA:
		return *arg ? reply(s, "501 5.5.4 DATA takes no argument") :
		    cmd_data(s, *body);
	case V_RSET:
		transaction_reset(s);
		return reply(s, "250 2.0.0 Ok");
	case V_NOOP:
		return reply(s, "250 2.0.0 Ok");
	case V_QUIT:
		s->quit = 1;
		return reply(s, "221 2.0.0 Bye");
	case V_VRFY:
		return reply(s, "252 2.5.0 Cannot verify, but will try");
	case V_HELP:
		return reply(s, "214 2.0.0 See postie(8)");
	case V_EXPN:
	case V_STARTTLS:
	case V_AUTH:
	case V_BDAT:
		s->errors++;
		return reply(s, "502 5.5.1 Not implemented");
	default:
		s->errors++;
		return reply(s, "500 5.5.2 Command not recognized");
	}
}

int
serve_session(const struct serve_ctx *ctx, int in, int out, struct err *e)
{
	struct session s;
	enum body_type body = BODY_UNSET;
	char line[SERVE_LINE_MAX + 1];
	size_t len = 0;
	int r = 0, too_long;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.in = in;
	s.out = out;
	if ((s.inbuf = malloc(SERVE_INBUF)) == NULL)
		return err_nomem(e, "starting the SMTP session");
	r = reply(&s, "220 %s ESMTP postie", ctx->domain);
	while (r == 0 && !s.quit) {
		if ((r = read_command(&s, line, &len, &too_long)) != 1)
			break;
		if (too_long) {
			s.errors++;
			r = reply(&s, "500 5.5.2 Line too long");
		} else if (len == 0 || memchr(line, '\0', len) != NULL) {
			s.errors++;
			r = reply(&s, "500 5.5.2 Syntax error");
		} else
			r = dispatch(&s, line, &body);
		if (r == 0 && s.errors > SERVE_ERRORS_MAX) {
			r = reply(&s, "421 4.7.0 Too many errors, closing");
			break;
		}
	}
	if (s.fatal.ex == 0 && flush_out(&s) == -1)
		r = -1;
	transaction_reset(&s);
	buf_free(&s.outbuf);
	free(s.inbuf);
	if (s.fatal.ex != 0) {
		*e = s.fatal;
		return -1;
	}
	return r == -1 ? err_set(e, EX_SOFTWARE, "-bs: out of memory") : 0;
}
