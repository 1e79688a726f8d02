/*
 * -bs: the server side of SMTP (RFC 5321, with PIPELINING) on a pair of
 * descriptors, for callers such as Symfony Mailer that talk SMTP to
 * sendmail. Each message the session carries is relayed (or queued)
 * before the reply to its end of data, and that reply says how it went:
 * 250 sent or safely queued, 4xx temporary, 5xx permanent, with the
 * upstream text.
 */
#ifndef POSTIE_SERVE_H
#define POSTIE_SERVE_H

struct config;
struct err;
struct opts;
struct trace;
struct user;

struct serve_ctx {
	const struct config	*conf;
	const struct user	*user;
	const struct opts	*opts;
	const char		*domain;
	struct trace		*trace;
	int			 idle_timeout;	/* seconds per command */
};

/*
 * Runs the session until QUIT or end of input. 0 after QUIT or an end
 * of input between messages; -1 (EX_TEMPFAIL) for a client gone in the
 * middle of a message or idle too long, EX_IOERR when the output fails.
 */
int	serve_session(const struct serve_ctx *, int in, int out, struct err *);

/* The reply code for a failed submission's exit status: 4xx or 5xx. */
int	serve_reply_code(int ex);

#endif
