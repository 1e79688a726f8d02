/*
 * Keeping a message for later. The queue entry holds only the
 * recipients still pending, so those already reached are never sent
 * the message twice.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "conf.h"
#include "err.h"
#include "keep.h"
#include "nonce.h"
#include "queue.h"
#include "smtp.h"
#include "spool.h"
#include "user.h"

static int
is_pending(const struct rcpt *rc)
{
	return rc->status == RCPT_PENDING || rc->status == RCPT_TEMPFAIL;
}

size_t
keep_pending(const struct envelope *env)
{
	return smtp_count_status(env, RCPT_PENDING) +
	    smtp_count_status(env, RCPT_TEMPFAIL);
}

static unsigned
jitter(void)
{
	unsigned r = 0;

	(void)nonce_fill(&r, sizeof(r));	/* no jitter is no harm */
	return r;
}

static int
to_queue(const struct config *cf, const char *account,
    const struct envelope *env, struct spool *sp, const char *why,
    char *where, size_t cap, struct err *e)
{
	struct queue_entry q;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	if ((q.rcpts = calloc(env->nrcpts, sizeof(*q.rcpts))) == NULL)
		return err_nomem(e, "queueing the message");
	for (i = 0; i < env->nrcpts; i++)
		if (is_pending(&env->rcpts[i]))
			q.rcpts[q.nrcpts++] = env->rcpts[i].addr;
	/* The entry borrows the envelope's strings; nothing here is freed. */
	q.account = (char *)(uintptr_t)account;
	q.sender = env->sender;
	q.dsn_notify = (char *)(uintptr_t)env->dsn_notify;
	q.dsn_return = (char *)(uintptr_t)env->dsn_return;
	q.dsn_envid = (char *)(uintptr_t)env->dsn_envid;
	q.body_type = env->body_type;
	q.eightbit = env->is_8bit;
	q.created = time(NULL);
	q.attempts = why != NULL ? 1 : 0;
	q.next_attempt = why != NULL ? queue_next_attempt(q.created, 1,
	    jitter()) : q.created;
	q.last_error = (char *)(uintptr_t)why;
	rc = queue_open(cf->queue_dir, e) == 0 &&
	    queue_add(cf->queue_dir, &q, sp, e) == 0 ? 0 : -1;
	if (rc == 0)
		snprintf(where, cap, "%s", q.id);
	free(q.rcpts);
	return rc;
}

static int
to_dead_letter(const struct config *cf, const struct user *u,
    const struct envelope *env, struct spool *sp, char *where, size_t cap,
    struct err *e)
{
	char *path;
	int rc;

	if ((path = user_expand(u, cf->dead_letter)) == NULL)
		return err_nomem(e, "saving the message");
	snprintf(where, cap, "%s", path);
	rc = queue_dead_letter(path, env->sender, sp, time(NULL), e);
	free(path);
	return rc;
}

int
keep_message(const struct config *cf, const struct user *u,
    const char *account, const struct envelope *env, struct spool *sp,
    const char *why, enum keep_place *place, char *where, size_t cap,
    struct err *e)
{
	if (cf->queue_dir != NULL && *cf->queue_dir != '\0') {
		*place = KEEP_QUEUE;
		return to_queue(cf, account, env, sp, why, where, cap, e);
	}
	*place = KEEP_DEAD_LETTER;
	if (cf->dead_letter == NULL || *cf->dead_letter == '\0')
		return err_set(e, EX_CANTCREAT, "no queue_dir and no dead_letter "
		    "set");
	return to_dead_letter(cf, u, env, sp, where, cap, e);
}
