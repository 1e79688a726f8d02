/*
 * The queue: messages postie accepted but could not send yet, kept in
 * queue_dir until a later run sends them, their lifetime ends, or they
 * are refused for good. Each message is two files named by its id:
 * ID.msg, the message as it is to be sent (CRLF lines, header edits
 * done), written once; ID.env, the envelope and the delivery state as
 * "key: value" lines, replaced atomically on every change. An ID.env
 * present means the message is queued; it is written last and removed
 * first. Every write is durable before it is reported done: temporary
 * file, fsync, rename, fsync of the directory. The format is in
 * postie.8 (QUEUE).
 *
 * Also dead.letter, for when there is no queue: an mbox append.
 */
#ifndef POSTIE_QUEUE_H
#define POSTIE_QUEUE_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

struct buf;
struct err;
struct spool;

#define QUEUE_ID_MAX	64

/* What is stored about a queued message (ID.env). */
struct queue_entry {
	char		 id[QUEUE_ID_MAX];
	char		*account;
	char		*sender;		/* "" for the null sender */
	char		**rcpts;		/* still to be delivered */
	size_t		 nrcpts;
	char		*dsn_notify;		/* NULL when none */
	char		*dsn_return;
	char		*dsn_envid;
	int		 body_type;		/* enum body_type */
	int		 eightbit;		/* the message has 8-bit bytes */
	time_t		 created;
	time_t		 next_attempt;
	int		 attempts;
	char		*last_error;		/* NULL before the first failure */
	off_t		 size;			/* of ID.msg */
};

/*
 * Checks (and creates, mode 0700, when missing) the queue directory and
 * its failed/ subdirectory. A directory others may write to is refused
 * with EX_CANTCREAT (73), unless it is a group queue: owned by root or
 * the user, group-writable, not world-writable, with the set-group-ID
 * bit (see postie.8).
 */
int	queue_open(const char *dir, struct err *e);

/*
 * Stores a new message: the envelope of entry (its id is chosen here and
 * written back, so are size and, when 0, created) and the bytes of sp
 * read from its start. Durable when it returns 0. Failure is
 * EX_CANTCREAT (73), and nothing is left behind.
 */
int	queue_add(const char *dir, struct queue_entry *, struct spool *sp,
	    struct err *e);

/*
 * The ids of the queued messages, oldest first, malloc'd array of
 * malloc'd strings in *ids (count in *n). An empty or missing queue is
 * not an error.
 */
int	queue_list(const char *dir, char ***ids, size_t *n, struct err *e);
void	queue_list_free(char **ids, size_t n);

/*
 * Locks a message for delivery and reads its envelope. The lock is a
 * flock on ID.msg, so a crashed holder's lock goes with it; ID.msg is
 * never replaced, while ID.env is (queue_update renames a new file over
 * it, and a lock on the old one would not keep a second runner out).
 * Returns 1 locked, 0 when another process holds it or it is gone
 * already (delivered, failed, or not completely added yet), -1 on
 * error (EX_DATAERR for an ID.env that cannot be read as one). The lock
 * lasts until queue_release: queue_update, queue_remove and queue_fail
 * are called while it is held, the release comes after them.
 */
int	queue_lock(const char *dir, const char *id, struct queue_entry *,
	    int *lockfd, struct err *e);
void	queue_release(int lockfd);

/* Opens ID.msg as a spool to be sent again (no copy is made). */
int	queue_message(const char *dir, const char *id, struct spool **,
	    struct err *e);

/* Rewrites ID.env from the entry (after an attempt), durably. */
int	queue_update(const char *dir, const struct queue_entry *, struct err *e);

/*
 * Delivered: removes ID.env, then ID.msg. queue_sync makes removals
 * durable, one fsync of the directory for many: until then a crash of
 * the system may bring the message back, to be sent once more.
 */
int	queue_remove(const char *dir, const char *id, struct err *e);
int	queue_sync(const char *dir, struct err *e);

/*
 * Removes what writers that were killed left behind, once it is older
 * than QUEUE_LEFTOVER_AGE and nobody holds its lock: tmp.* files (in dir
 * and dir/failed), and an ID.msg whose ID.env was never written (its
 * writer's caller was not told it was queued). Returns how many.
 */
#define QUEUE_LEFTOVER_AGE	3600
int	queue_sweep(const char *dir, time_t now);

/*
 * Moves the message to failed/ with the reason added to its envelope
 * ("failed: ..." line), for lifetime ended or a permanent refusal.
 */
int	queue_fail(const char *dir, const struct queue_entry *,
	    const char *reason, struct err *e);

/*
 * The next attempt after the given number of attempts: 1m, 5m, 15m,
 * 1h, then every 2h, each with up to 10% jitter (pure: the jitter is
 * jitter % (delay / 10 + 1) seconds, so 0 gives the exact delay). No
 * attempt yet (attempts <= 0) is now.
 */
time_t	queue_next_attempt(time_t now, int attempts, unsigned jitter);

/* Prints the mailq listing: id, size, age, sender, recipients, attempts,
 * last error, next retry; "Mail queue is empty" when empty. */
int	queue_print(const char *dir, FILE *out, time_t now, struct err *e);

/* Frees what the entry holds and clears it (a cleared entry is fine). */
void	queue_entry_free(struct queue_entry *);

/*
 * The ID.env text (pure, for tests and fuzzing). queue_env_parse reads
 * len bytes (no NUL needed) into q, which it clears first (id too):
 * "key: value" lines, unknown keys ignored, "#" lines and empty lines
 * skipped. postie-queue-version (1), sender ("<>" is the null sender),
 * created and at least one recipient are required. Returns 0, or -1
 * with the reason in errbuf ("line N: ..." for a bad line) and q left
 * cleared.
 */
int	queue_env_parse(const char *text, size_t len, struct queue_entry *q,
	    char *errbuf, size_t errlen);

/*
 * Appends the ID.env text of q to out; failed, when not NULL, adds the
 * "failed-at" and "failed" lines of failed/. A value holding CR or LF
 * is refused (EX_DATAERR), but in last-error and failed they become
 * spaces. No recipient is refused too: such a message is done.
 */
int	queue_env_format(const struct queue_entry *q, const char *failed,
	    time_t failed_at, struct buf *out, struct err *e);

/*
 * Appends the message to an mbox file (dead.letter): a "From " line with
 * the sender and date, the message with LF line ends and ">From "
 * quoting, then an empty line; created with mode 0600; locked with
 * flock while written; fsync'd. Errors: EX_CANTCREAT / EX_IOERR.
 */
int	queue_dead_letter(const char *path, const char *sender,
	    struct spool *sp, time_t now, struct err *e);

#endif
