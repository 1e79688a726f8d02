/*
 * The text of a queue envelope (ID.env): "key: value" lines, one
 * recipient a line. Pure functions, table driven: a key names the
 * handler that stores its value. Unknown keys are skipped, so a newer
 * postie may add keys that an older one still reads past.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "buf.h"
#include "cmdline.h"
#include "err.h"
#include "queue.h"

#define ENV_VERSION	1
#define ENV_NUM_MAX	15	/* digits of a number: far past any date */

/* BODY= names, indexed by enum body_type; BODY_UNSET is not written. */
static const char *const body_names[] = {
	[BODY_UNSET] = "unset",
	[BODY_7BIT] = "7BIT",
	[BODY_8BITMIME] = "8BITMIME",
	[BODY_BINARYMIME] = "BINARYMIME",
};

struct env_key {
	const char	*name;
	int		(*set)(struct queue_entry *, const struct env_key *,
			    const char *, size_t, char *, size_t);
	size_t		 off;		/* field of struct queue_entry */
	int		 repeat;	/* may appear more than once */
	const char	*missing;	/* required: the error when absent */
};

static int	set_version(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_str(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_sender(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_rcpt(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_time(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_attempts(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_body(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);
static int	set_8bit(struct queue_entry *, const struct env_key *,
		    const char *, size_t, char *, size_t);

#define OFF(f)	offsetof(struct queue_entry, f)

static const struct env_key env_keys[] = {
	{ "postie-queue-version", set_version, 0, 0,
	    "no postie-queue-version" },
	{ "account", set_str, OFF(account), 0, NULL },
	{ "sender", set_sender, OFF(sender), 0, "no sender" },
	{ "recipient", set_rcpt, 0, 1, "no recipient" },
	{ "dsn-notify", set_str, OFF(dsn_notify), 0, NULL },
	{ "dsn-return", set_str, OFF(dsn_return), 0, NULL },
	{ "dsn-envid", set_str, OFF(dsn_envid), 0, NULL },
	{ "body-type", set_body, 0, 0, NULL },
	{ "8bit", set_8bit, 0, 0, NULL },
	{ "created", set_time, OFF(created), 0, "no created time" },
	{ "next-attempt", set_time, OFF(next_attempt), 0, NULL },
	{ "attempts", set_attempts, 0, 0, NULL },
	{ "last-error", set_str, OFF(last_error), 0, NULL },
};
#define NKEYS	(sizeof(env_keys) / sizeof(env_keys[0]))

static int
why(char *errbuf, size_t errlen, const char *msg)
{
	snprintf(errbuf, errlen, "%s", msg);
	return -1;
}

static int
set_version(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	if (n != 1 || v[0] != '0' + ENV_VERSION)
		return why(errbuf, errlen, "unsupported postie-queue-version");
	return 0;
}

/* An empty value is the same as none (NULL). */
static int
set_str(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	char **dst = (char **)(void *)((char *)q + k->off);

	if (n == 0)
		return 0;
	if ((*dst = strndup(v, n)) == NULL)
		return why(errbuf, errlen, "out of memory");
	return 0;
}

static int
set_sender(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	if (n == 2 && memcmp(v, "<>", 2) == 0)
		n = 0;
	if ((q->sender = strndup(v, n)) == NULL)
		return why(errbuf, errlen, "out of memory");
	return 0;
}

static int
set_rcpt(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	char **nv, *r;

	if (n == 0)
		return why(errbuf, errlen, "empty recipient");
	if ((r = strndup(v, n)) == NULL)
		return why(errbuf, errlen, "out of memory");
	if ((nv = reallocarray(q->rcpts, q->nrcpts + 1, sizeof(*nv))) == NULL) {
		free(r);
		return why(errbuf, errlen, "out of memory");
	}
	q->rcpts = nv;
	q->rcpts[q->nrcpts++] = r;
	return 0;
}

/* Decimal digits only: no sign, no spaces, no base prefix. */
static int
parse_num(const char *v, size_t n, long long *out)
{
	long long x = 0;
	size_t i;

	if (n == 0 || n > ENV_NUM_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		x = x * 10 + (v[i] - '0');
	}
	*out = x;
	return 0;
}

static int
set_time(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	long long x;

	if (parse_num(v, n, &x) == -1)
		return why(errbuf, errlen, "bad time (seconds since 1970)");
	*(time_t *)(void *)((char *)q + k->off) = (time_t)x;
	return 0;
}

static int
set_attempts(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	long long x;

	if (parse_num(v, n, &x) == -1 || x > 1000000000)
		return why(errbuf, errlen, "bad number of attempts");
	q->attempts = (int)x;
	return 0;
}

static int
set_body(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	size_t i;

	for (i = 0; i < sizeof(body_names) / sizeof(body_names[0]); i++)
		if (strlen(body_names[i]) == n &&
		    strncasecmp(body_names[i], v, n) == 0) {
			q->body_type = (int)i;
			return 0;
		}
	return why(errbuf, errlen, "unknown body-type");
}

static int
set_8bit(struct queue_entry *q, const struct env_key *k, const char *v,
    size_t n, char *errbuf, size_t errlen)
{
	if (n == 3 && strncasecmp(v, "yes", 3) == 0)
		q->eightbit = 1;
	else if (n == 2 && strncasecmp(v, "no", 2) == 0)
		q->eightbit = 0;
	else
		return why(errbuf, errlen, "8bit is neither yes nor no");
	return 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One "key: value" line, without its LF; seen[] catches repeated keys. */
static int
parse_line(struct queue_entry *q, const char *p, size_t n, int *seen,
    char *errbuf, size_t errlen)
{
	const char *colon, *v;
	size_t i, klen, vlen;

	if (n == 0 || p[0] == '#')
		return 0;
	if ((colon = memchr(p, ':', n)) == NULL || colon == p)
		return why(errbuf, errlen, "not a \"key: value\" line");
	klen = (size_t)(colon - p);
	v = colon + 1;
	vlen = n - klen - 1;
	while (vlen > 0 && is_blank(*v))
		v++, vlen--;
	while (vlen > 0 && is_blank(v[vlen - 1]))
		vlen--;
	for (i = 0; i < NKEYS; i++) {
		if (strlen(env_keys[i].name) != klen ||
		    strncasecmp(env_keys[i].name, p, klen) != 0)
			continue;
		if (seen[i] && !env_keys[i].repeat)
			return why(errbuf, errlen, "key given twice");
		seen[i] = 1;
		return env_keys[i].set(q, &env_keys[i], v, vlen, errbuf,
		    errlen);
	}
	return 0;	/* unknown key: written by a newer version */
}

/* seen[i] tells whether env_keys[i] was given. */
static int
check_required(const int *seen, char *errbuf, size_t errlen)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (env_keys[i].missing != NULL && !seen[i])
			return why(errbuf, errlen, env_keys[i].missing);
	return 0;
}

int
queue_env_parse(const char *text, size_t len, struct queue_entry *q,
    char *errbuf, size_t errlen)
{
	int seen[NKEYS] = { 0 };
	char msg[256];
	const char *p = text, *nl;
	size_t n, line = 0;

	memset(q, 0, sizeof(*q));
	if (memchr(text, '\0', len) != NULL || memchr(text, '\r', len) != NULL)
		return why(errbuf, errlen, "NUL or CR in the envelope file");
	while (len > 0) {
		line++;
		nl = memchr(p, '\n', len);
		n = nl != NULL ? (size_t)(nl - p) : len;
		if (parse_line(q, p, n, seen, msg, sizeof(msg)) == -1) {
			snprintf(errbuf, errlen, "line %zu: %s", line, msg);
			goto fail;
		}
		if (nl == NULL)
			break;
		p += n + 1;
		len -= n + 1;
	}
	if (check_required(seen, errbuf, errlen) == -1)
		goto fail;
	return 0;
fail:
	queue_entry_free(q);
	return -1;
}

void
queue_entry_free(struct queue_entry *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nrcpts; i++)
		free(q->rcpts[i]);
	free(q->rcpts);
	free(q->account);
	free(q->sender);
	free(q->dsn_notify);
	free(q->dsn_return);
	free(q->dsn_envid);
	free(q->last_error);
	memset(q, 0, sizeof(*q));
}

/* "key: value\n"; a line break in the value would start a new key. */
static int
put(struct buf *out, const char *key, const char *val, struct err *e)
{
	if (val == NULL || *val == '\0')
		return 0;	/* read back as "none" either way */
	if (strpbrk(val, "\r\n") != NULL)
		return err_set(e, EX_DATAERR, "the queue %s holds a line break",
		    key);
	if (buf_printf(out, "%s: %s\n", key, val) == -1)
		return err_nomem(e, "writing the queue file");
	return 0;
}

/* Server text and reasons: line breaks become spaces, ends trimmed. */
static int
put_text(struct buf *out, const char *key, const char *val, struct err *e)
{
	size_t i, n;
	char *t;
	int rc;

	if (val == NULL)
		return 0;
	while (is_blank(*val) || *val == '\r' || *val == '\n')
		val++;
	if ((t = strdup(val)) == NULL)
		return err_nomem(e, "writing the queue file");
	for (i = 0; t[i] != '\0'; i++)
		if (t[i] == '\r' || t[i] == '\n')
			t[i] = ' ';
	n = i;
	while (n > 0 && is_blank(t[n - 1]))
		t[--n] = '\0';
	rc = put(out, key, t, e);
	free(t);
	return rc;
}

/* The parser takes no sign: a negative number (never meant) is 0. */
static int
put_num(struct buf *out, const char *key, long long v, struct err *e)
{
	if (v < 0)
		v = 0;
	if (buf_printf(out, "%s: %lld\n", key, v) == -1)
		return err_nomem(e, "writing the queue file");
	return 0;
}

static int
put_recipients(struct buf *out, const struct queue_entry *q, struct err *e)
{
	size_t i;

	if (q->nrcpts == 0)
		return err_set(e, EX_DATAERR, "no recipient left to queue");
	for (i = 0; i < q->nrcpts; i++) {
		if (q->rcpts[i] == NULL || q->rcpts[i][0] == '\0')
			return err_set(e, EX_DATAERR, "empty queue recipient");
		if (put(out, "recipient", q->rcpts[i], e) == -1)
			return -1;
	}
	return 0;
}

int
queue_env_format(const struct queue_entry *q, const char *failed,
    time_t failed_at, struct buf *out, struct err *e)
{
	const char *sender = q->sender;
	const char *body = NULL;

	if (sender == NULL)
		return err_set(e, EX_DATAERR, "no sender to queue");
	if (*sender == '\0')
		sender = "<>";
	if (q->body_type > BODY_UNSET && q->body_type <= BODY_BINARYMIME)
		body = body_names[q->body_type];
	if (put_num(out, "postie-queue-version", ENV_VERSION, e) == -1 ||
	    put_num(out, "created", (long long)q->created, e) == -1 ||
	    put(out, "account", q->account, e) == -1 ||
	    put(out, "sender", sender, e) == -1 ||
	    put_recipients(out, q, e) == -1 ||
	    put(out, "body-type", body, e) == -1 ||
	    put(out, "8bit", q->eightbit ? "yes" : "no", e) == -1 ||
	    put(out, "dsn-notify", q->dsn_notify, e) == -1 ||
	    put(out, "dsn-return", q->dsn_return, e) == -1 ||
	    put(out, "dsn-envid", q->dsn_envid, e) == -1 ||
	    put_num(out, "attempts", q->attempts, e) == -1 ||
	    put_num(out, "next-attempt", (long long)q->next_attempt, e) == -1 ||
	    put_text(out, "last-error", q->last_error, e) == -1)
		return -1;
	if (failed == NULL)
		return 0;
	if (put_num(out, "failed-at", (long long)failed_at, e) == -1 ||
	    put_text(out, "failed", *failed ? failed : "unknown reason",
	    e) == -1)
		return -1;
	return 0;
}
