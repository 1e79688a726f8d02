/*
 * One message's way out. The order matters: the header edits happen
 * before the first attempt, so that a queued copy is the very message
 * that was about to be sent; the log line is written once, when the
 * message's fate is known.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cmdline.h"
#include "conf.h"
#include "deliver.h"
#include "envelope.h"
#include "err.h"
#include "keep.h"
#include "log.h"
#include "smtp.h"
#include "spool.h"
#include "submit.h"
#include "user.h"

struct attempt {
	const struct submit_ctx	*ctx;
	struct envelope		*env;
	struct spool		*sp;
	struct submit_result	*res;
	struct timespec		 start;
};

static void
note_recipients(struct attempt *a, enum rcpt_status which)
{
	const struct rcpt *rc;
	size_t i;

	for (i = 0; i < a->env->nrcpts; i++) {
		rc = &a->env->rcpts[i];
		if (rc->status == which)
			(void)buf_printf(&a->res->notes, "%s: RCPT TO:<%s> "
			    "rejected: %s\n", a->res->delivery.peer, rc->addr,
			    rc->reply);
	}
}

static void
log_result(struct attempt *a, const char *status, const struct err *e)
{
	const struct submit_ctx *c = a->ctx;
	struct timespec now;
	struct err le;

	a->res->status = status;
	clock_gettime(CLOCK_MONOTONIC, &now);
	err_clear(&le);
	if (deliver_log(c->conf, c->opts->syslog_tag ? c->opts->syslog_tag :
	    "postie", &a->res->delivery, a->env, spool_size(a->sp), status,
	    e != NULL ? e->msg : NULL, (double)(now.tv_sec - a->start.tv_sec) +
	    (double)(now.tv_nsec - a->start.tv_nsec) / 1e9, &le) == -1)
		(void)buf_printf(&a->res->notes, "warning: %s\n", le.msg);
}

/*
 * What was not delivered and may still be goes to the queue (then the
 * caller has its success) or to dead.letter (the failure stands, and
 * says where the copy is). A message that cannot be kept says so.
 */
static int
keep_rest(struct attempt *a, int rc, struct err *e)
{
	const struct submit_ctx *c = a->ctx;
	char where[4096];
	enum keep_place place;
	struct err ke;

	err_clear(&ke);
	/* -odq made no attempt: the first run sends it, no backoff. */
	if (keep_message(c->conf, c->user, c->acct->name, a->env, a->sp,
	    c->opts->queue_only ? NULL : rc == -1 ? e->msg :
	    "some recipients deferred", &place, where, sizeof(where),
	    &ke) == -1) {
		note_recipients(a, RCPT_TEMPFAIL);
		log_result(a, "failed", rc == -1 ? e : &ke);
		/* Why it was being kept; -odq's is no failure to tell. */
		if (rc == -1 && !c->opts->queue_only)
			(void)buf_printf(&a->res->notes, "%s\n", e->msg);
		return err_set(e, place == KEEP_QUEUE ? EX_CANTCREAT :
		    (rc == -1 ? e->ex : EX_TEMPFAIL), "%s; the message was "
		    "not kept", ke.msg);
	}
	if (place == KEEP_QUEUE) {
		log_result(a, "queued", rc == -1 ? e : NULL);
		err_clear(e);
		return 0;
	}
	note_recipients(a, RCPT_TEMPFAIL);
	log_result(a, "failed", rc == -1 ? e : NULL);
	if (rc == 0)
		return err_set(e, EX_TEMPFAIL, "some recipients were not "
		    "reached; message saved in %s", where);
	memcpy(ke.msg, e->msg, sizeof(ke.msg));
	return err_set(e, e->ex, "%s; message saved in %s", ke.msg, where);
}

/* After the attempt: the message's fate and the exit status. */
static int
conclude(struct attempt *a, int rc, struct err *e)
{
	int refused = smtp_count_status(a->env, RCPT_PERMFAIL) > 0;

	note_recipients(a, RCPT_PERMFAIL);
	/* Deferred recipients are kept, even when others were refused. */
	if (keep_pending(a->env) > 0 && (rc == 0 || e->ex == EX_TEMPFAIL ||
	    e->ex == EX_NOUSER)) {
		if (keep_rest(a, rc, e) == -1)
			return -1;
		rc = 0;		/* queued: postie has taken responsibility */
	} else
		log_result(a, rc == 0 ? "sent" : "failed", rc == 0 ? NULL : e);
	if (rc == 0 && refused) {
		/* Said already, recipient by recipient, in the notes. */
		e->ex = EX_NOUSER;
		e->msg[0] = '\0';
		return -1;
	}
	return rc;
}

int
submit_message(const struct submit_ctx *c, struct envelope *env,
    struct spool *sp, struct submit_result *res, struct err *e)
{
	struct attempt a;
	struct route rt;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&a, 0, sizeof(a));
	a.ctx = c;
	a.env = env;
	a.sp = sp;
	a.res = res;
	clock_gettime(CLOCK_MONOTONIC, &a.start);
	if (envelope_edit_headers(sp, c->opts, c->acct,
	    c->conf->qualify_headers, c->domain, env->sender, e) == -1)
		return -1;
	memset(&rt, 0, sizeof(rt));
	rt.host = c->opts->host ? c->opts->host : c->acct->host;
	rt.port = c->opts->port ? c->opts->port : c->acct->port;
	rt.helo_name = c->domain;
	rt.home = c->user->home;
	rt.timeout = c->conf->timeout;
	if (c->opts->queue_only) {
		/* -odq: straight to the queue, as if the server were away. */
		rc = err_set(e, EX_TEMPFAIL, "queued on request (-odq)");
		snprintf(res->delivery.peer, sizeof(res->delivery.peer), "-");
	} else
		rc = deliver_with_fallback(c->conf, c->acct, &rt, env, sp,
		    c->trace, &res->delivery, e);
	/*
	 * A large message is read while it is sent: what a failure left
	 * unread is read now, for the queue, dead.letter and the log. A
	 * message that cannot be read whole cannot be kept either.
	 */
	if (rc == -1 && spool_drain(sp, e) == -1)
		return -1;
	env->is_8bit = spool_is_8bit(sp);
	return conclude(&a, rc, e);
}

void
submit_result_free(struct submit_result *res)
{
	buf_free(&res->notes);
}
