/*
 * Keeping a message that could not be sent to every recipient now: into
 * the queue when queue_dir is set (the caller then has accepted
 * responsibility and reports success), else appended to dead_letter (the
 * caller reports the failure and where the copy is). Never both, never
 * neither without an error saying so.
 */
#ifndef POSTIE_KEEP_H
#define POSTIE_KEEP_H

#include <stddef.h>

struct config;
struct envelope;
struct err;
struct spool;
struct user;

enum keep_place {
	KEEP_QUEUE,
	KEEP_DEAD_LETTER
};

/* Recipients not delivered and not refused for good. */
size_t	keep_pending(const struct envelope *);

/*
 * Keeps the message for its pending recipients. *place says where;
 * where (cap bytes) gets the queue id or the dead.letter path. why is the
 * failure, stored as the queue entry's last error. Errors: the message
 * was not kept (EX_CANTCREAT or EX_IOERR, saying why).
 */
int	keep_message(const struct config *, const struct user *,
	    const char *account, const struct envelope *, struct spool *,
	    const char *why, enum keep_place *place, char *where, size_t cap,
	    struct err *);

#endif
