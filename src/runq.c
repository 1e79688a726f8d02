/*
 * The queue runner. Entries are grouped by account so that one session
 * carries all of an account's messages; each message is locked, sent,
 * then removed, rescheduled or moved to failed/. When an account's
 * server cannot be reached, its other messages are rescheduled without
 * a connection attempt each: one timeout per account and run, not one
 * per message.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "deliver.h"
#include "err.h"
#include "log.h"
#include "nonce.h"
#include "queue.h"
#include "runq.h"
#include "smtp.h"
#include "spool.h"

struct job {
	char	*id;
	char	*account;
};

struct run_state {
	const struct config		*cf;
	const struct runq_params	*p;
	struct trace			*tr;
	struct runq_stats		*st;
	const struct account		*acct;
	struct route			 rt;
	struct delivery			 d;
	struct smtp			*s;
	int				 down;	/* this account failed to connect */
	struct timespec			 job_start;	/* for elapsed= */
	struct timespec			 synced;	/* last queue_sync */
	int				 unsynced;	/* removals since */
	struct err			 down_err;
};

static int
job_cmp(const void *a, const void *b)
{
	const struct job *x = a, *y = b;
	int c = strcmp(x->account, y->account);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* Reads every entry's account (lock, read, release) for grouping. */
static int
load_jobs(const char *dir, struct job **jobs, size_t *njobs, struct err *e)
{
	struct queue_entry q;
	char **ids;
	size_t n, i;
	int fd;

	*jobs = NULL;
	*njobs = 0;
	if (queue_list(dir, &ids, &n, e) == -1)
		return -1;
	if (n > 0 && (*jobs = calloc(n, sizeof(**jobs))) == NULL) {
		queue_list_free(ids, n);
		return err_nomem(e, "reading the queue");
	}
	for (i = 0; i < n; i++) {
		memset(&q, 0, sizeof(q));
		if (queue_lock(dir, ids[i], &q, &fd, e) != 1)
			continue;	/* busy or gone: another run has it */
		queue_release(fd);
		(*jobs)[*njobs].id = strdup(ids[i]);
		(*jobs)[*njobs].account = strdup(q.account ? q.account : "");
		queue_entry_free(&q);
		if ((*jobs)[*njobs].id == NULL || (*jobs)[*njobs].account == NULL)
			break;
		(*njobs)++;
	}
	queue_list_free(ids, n);
	if (*njobs > 1)
		qsort(*jobs, *njobs, sizeof(**jobs), job_cmp);
	return 0;
}

static void
jobs_free(struct job *jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(jobs[i].id);
		free(jobs[i].account);
	}
	free(jobs);
}

static void
log_entry(struct run_state *rs, const struct envelope *env, off_t size,
    const char *status, const char *error)
{
	struct timespec now;
	struct err le;

	clock_gettime(CLOCK_MONOTONIC, &now);
	(void)deliver_log(rs->cf, rs->p->tag, &rs->d, env, size, status,
	    error, (double)(now.tv_sec - rs->job_start.tv_sec) +
	    (double)(now.tv_nsec - rs->job_start.tv_nsec) / 1e9, &le);
}

/* The envelope to send: the entry's pending recipients. */
static int
entry_envelope(const struct queue_entry *q, struct envelope *env,
    struct err *e)
{
	size_t i;

	memset(env, 0, sizeof(*env));
	if ((env->rcpts = calloc(q->nrcpts ? q->nrcpts : 1,
	    sizeof(*env->rcpts))) == NULL)
		return err_nomem(e, "reading the queue");
	for (i = 0; i < q->nrcpts; i++)
		env->rcpts[i].addr = q->rcpts[i];
	env->nrcpts = q->nrcpts;
	env->sender = q->sender;
	env->body_type = q->body_type;
	env->is_8bit = q->eightbit;
	env->dsn_notify = q->dsn_notify;
	env->dsn_return = q->dsn_return;
	env->dsn_envid = q->dsn_envid;
	return 0;
}

static unsigned
jitter(void)
{
	unsigned r = 0;

	(void)nonce_fill(&r, sizeof(r));	/* no jitter is no harm */
	return r;
}

/* A temporary failure: one more attempt counted, the next one planned. */
static void
defer(struct run_state *rs, struct queue_entry *q, const struct envelope *env,
    const char *why)
{
	struct err e;
	char *old = q->last_error;

	q->attempts++;
	q->next_attempt = queue_next_attempt(time(NULL), q->attempts, jitter());
	q->last_error = (char *)(uintptr_t)why;
	(void)queue_update(rs->cf->queue_dir, q, &e);
	q->last_error = old;
	rs->st->deferred++;
	log_entry(rs, env, q->size, "queued", why);
}

static void
fail(struct run_state *rs, struct queue_entry *q, const struct envelope *env,
    const char *why)
{
	struct err e;

	(void)queue_fail(rs->cf->queue_dir, q, why, &e);
	rs->st->failed++;
	log_entry(rs, env, q->size, "failed", why);
}

/*
 * Keeps only the recipients with the given status, in order, in q and
 * in env alike: env's addresses are q's strings, and the log line
 * written after this must not read those freed here.
 */
static size_t
keep_only(struct queue_entry *q, struct envelope *env,
    enum rcpt_status which)
{
	size_t i, n = 0;

	for (i = 0; i < q->nrcpts; i++) {
		if (env->rcpts[i].status == which) {
			q->rcpts[n] = q->rcpts[i];
			env->rcpts[n++] = env->rcpts[i];
		} else
			free(q->rcpts[i]);
	}
	q->nrcpts = env->nrcpts = n;
	return n;
}

static void
sync_removals(struct run_state *rs)
{
	struct err e;

	if (rs->unsynced > 0 && queue_sync(rs->cf->queue_dir, &e) == 0)
		rs->unsynced = 0;
	clock_gettime(CLOCK_MONOTONIC, &rs->synced);
}

/*
 * A delivered message leaves the queue. Its removal is made durable
 * with others, at most a second later: a fsync of the directory for
 * each would cost more than sending the message. A system crash in
 * between may send a message twice; none is ever lost.
 */
static void
remove_sent(struct run_state *rs, const char *id)
{
	struct timespec now;
	struct err e;

	if (queue_remove(rs->cf->queue_dir, id, &e) == 0)
		rs->unsynced++;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - rs->synced.tv_sec >= 1)
		sync_removals(rs);
}

/*
 * After a transaction: the recipients deferred stay queued; those refused
 * for good go to failed/ (when no one is deferred) so nothing is lost
 * silently; a message that reached everyone leaves the queue.
 */
static void
after_recipients(struct run_state *rs, struct queue_entry *q,
    struct envelope *env, int delivered)
{
	char why[REPLY_TEXT_MAX + 64];
	size_t i;

	for (i = 0; i < env->nrcpts; i++)
		if (env->rcpts[i].status == RCPT_PERMFAIL) {
			snprintf(why, sizeof(why), "RCPT TO:<%s> rejected: %s",
			    env->rcpts[i].addr, env->rcpts[i].reply);
			break;
		}
	/* The server's reply to the end of data, as a send logs it. */
	if (delivered) {
		if (rs->s != NULL)
			snprintf(rs->d.reply, sizeof(rs->d.reply), "%s",
			    smtp_last_reply(rs->s));
		log_entry(rs, env, q->size, "sent", NULL);
		rs->d.reply[0] = '\0';
	}
	/* Refused for good while others wait: said in the log, not lost. */
	if (smtp_count_status(env, RCPT_TEMPFAIL) > 0 &&
	    smtp_count_status(env, RCPT_PERMFAIL) > 0)
		log_entry(rs, env, q->size, "failed", why);
	if (smtp_count_status(env, RCPT_TEMPFAIL) > 0) {
		keep_only(q, env, RCPT_TEMPFAIL);
		defer(rs, q, env, "some recipients deferred");
	} else if (smtp_count_status(env, RCPT_PERMFAIL) > 0) {
		keep_only(q, env, RCPT_PERMFAIL);
		fail(rs, q, env, why);
	} else {
		remove_sent(rs, q->id);
		rs->st->sent++;
	}
}

static void
close_session(struct run_state *rs)
{
	smtp_close(rs->s);
	rs->s = NULL;
}

/* A message taken from the queue: locked until its fate is known. */
struct taken {
	struct run_state	*rs;
	struct queue_entry	 q;
	struct envelope		 env;
	struct spool		*sp;
	int			 fd;
	struct timespec		 start;		/* for elapsed= */
};

static void
taken_free(struct taken *t)
{
	free(t->env.rcpts);
	spool_free(t->sp);
	queue_entry_free(&t->q);
	queue_release(t->fd);
	free(t);
}

/* What a transaction's outcome does to the entry. */
static void
settle_entry(struct taken *t, int rc, const struct err *e)
{
	struct run_state *rs = t->rs;

	rs->job_start = t->start;	/* the log's elapsed= is this one's */
	if (rc == 0)
		after_recipients(rs, &t->q, &t->env, 1);
	else if (e->ex == EX_NOUSER)	/* every recipient refused */
		after_recipients(rs, &t->q, &t->env, 0);
	else if (e->ex == EX_TEMPFAIL)
		defer(rs, &t->q, &t->env, e->msg);
	else
		fail(rs, &t->q, &t->env, e->msg);
}

/* smtp_held_fn: the outcome of a message the engine held. */
static void
held_done(void *arg, int rc, struct err *e)
{
	struct taken *t = arg;

	settle_entry(t, rc, e);
	taken_free(t);
}

/*
 * One message, on the account's session (opened on first need).
 * Returns 1 when the engine holds it (held_done ends it), else 0.
 */
static int
send_entry(struct run_state *rs, struct taken *t)
{
	struct err e;
	int rc;

	err_clear(&e);
	if (entry_envelope(&t->q, &t->env, &e) == -1)
		return 0;
	if (rs->s == NULL && !rs->down &&
	    deliver_session(rs->acct, &rs->rt, rs->tr, &rs->d, &rs->s,
	    &rs->down_err) == -1) {
		rs->down = 1;
		if (rs->s != NULL)
			close_session(rs);
	}
	/*
	 * A session that could not be had is not the message's fault (a
	 * wrong password, a certificate, a refused greeting): it waits for
	 * the fix, until its lifetime ends, as Postfix defers such mail.
	 */
	if (rs->down) {
		defer(rs, &t->q, &t->env, rs->down_err.msg);
		return 0;
	}
	/* Its end of data goes with the next message's envelope. */
	if ((rc = smtp_send_pipelined(rs->s, &t->env, t->sp, held_done, t,
	    &e)) == 1)
		return 1;
	settle_entry(t, rc, &e);
	if (rc == -1 && (!smtp_usable(rs->s) || smtp_reset(rs->s, &e) == -1))
		close_session(rs);
	return 0;
}

/* Lock, check the time and the lifetime, send, release. */
static void
run_job(struct run_state *rs, const struct job *job)
{
	struct taken *t;
	struct err e;
	time_t now = time(NULL);

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return;
	t->rs = rs;
	t->fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &t->start);
	rs->job_start = t->start;
	if (queue_lock(rs->cf->queue_dir, job->id, &t->q, &t->fd, &e) != 1)
		goto done;
	/* An expired message fails even before its next attempt is due. */
	if (!rs->p->all && t->q.next_attempt > now &&
	    now - t->q.created < rs->cf->queue_lifetime)
		goto done;
	if (now - t->q.created >= rs->cf->queue_lifetime ||
	    queue_message(rs->cf->queue_dir, job->id, &t->sp, &e) == -1) {
		if (entry_envelope(&t->q, &t->env, &e) == 0)
			fail(rs, &t->q, &t->env, t->sp == NULL &&
			    now - t->q.created < rs->cf->queue_lifetime ?
			    e.msg : "queue lifetime ended");
		goto done;
	}
	if (send_entry(rs, t) == 1)
		return;
done:
	taken_free(t);
}

/* Every job of one account, from jobs[*i] on; *i moves past them. */
static void
run_account(struct run_state *rs, const struct job *jobs, size_t n,
    size_t *i)
{
	const char *name = jobs[*i].account;

	rs->acct = conf_account(rs->cf, name);
	rs->s = NULL;
	rs->down = 0;
	err_clear(&rs->down_err);
	if (rs->acct == NULL) {
		rs->down = 1;
		err_set(&rs->down_err, EX_CONFIG, "account \"%s\" is no longer "
		    "in the configuration", name);
	} else {
		memset(&rs->rt, 0, sizeof(rs->rt));
		rs->rt.host = rs->acct->host;
		rs->rt.port = rs->acct->port;
		rs->rt.helo_name = rs->p->helo_name;
		rs->rt.home = rs->p->home;
		rs->rt.timeout = rs->cf->timeout;
	}
	for (; *i < n && strcmp(jobs[*i].account, name) == 0; (*i)++)
		run_job(rs, &jobs[*i]);
	if (rs->s != NULL)
		close_session(rs);
}

int
runq_run(const struct config *cf, const struct runq_params *p,
    struct trace *tr, struct runq_stats *st, struct err *e)
{
	struct run_state rs;
	struct job *jobs;
	size_t n, i = 0;

	memset(st, 0, sizeof(*st));
	if (queue_open(cf->queue_dir, e) == -1)
		return -1;
	(void)queue_sweep(cf->queue_dir, time(NULL));
	if (load_jobs(cf->queue_dir, &jobs, &n, e) == -1)
		return -1;
	memset(&rs, 0, sizeof(rs));
	rs.cf = cf;
	rs.p = p;
	rs.tr = tr;
	rs.st = st;
	clock_gettime(CLOCK_MONOTONIC, &rs.synced);
	while (i < n)
		run_account(&rs, jobs, n, &i);
	sync_removals(&rs);
	jobs_free(jobs, n);
	return 0;
}
