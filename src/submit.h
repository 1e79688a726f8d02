/*
 * Submitting one message whose envelope is built: header edits, the
 * delivery (with fallback accounts), then what becomes of what could not
 * be delivered (queue or dead.letter), and the one log line. The
 * one-message mode and -bs (for each message) share it.
 */
#ifndef POSTIE_SUBMIT_H
#define POSTIE_SUBMIT_H

#include "buf.h"
#include "deliver.h"

struct account;
struct config;
struct envelope;
struct err;
struct opts;
struct spool;
struct trace;
struct user;

struct submit_ctx {
	const struct config	*conf;
	const struct account	*acct;
	const struct user	*user;
	const struct opts	*opts;		/* -odq, -F, -L, --host, --port */
	const char		*domain;
	struct trace		*trace;
};

struct submit_result {
	const char	*status;	/* "sent", "queued" or "failed" */
	struct buf	 notes;		/* lines to tell the caller, "\n" ended:
					   refused recipients, a failure that
					   comes before "not kept" */
	struct delivery	 delivery;
};

/*
 * Returns 0 when the message was sent to every recipient or what is
 * left was queued: postie has taken responsibility. Otherwise -1 with
 * e set: e->msg may be empty when the notes already said everything
 * (recipients refused, EX_NOUSER); with dead.letter, the message says
 * where the copy is; "not kept" when even that failed.
 */
int	submit_message(const struct submit_ctx *, struct envelope *,
	    struct spool *, struct submit_result *, struct err *);

void	submit_result_free(struct submit_result *);

#endif
