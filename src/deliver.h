/*
 * Delivery of one message through one account's smarthost: connect,
 * SMTP session, send, close. What happened is kept for the log line and
 * for main's report of refused recipients.
 */
#ifndef POSTIE_DELIVER_H
#define POSTIE_DELIVER_H

#include <sys/types.h>

#include "reply.h"

struct account;
struct config;
struct envelope;
struct err;
struct smtp;
struct smtp_params;
struct spool;
struct tls_policy;
struct trace;

struct delivery {
	char	 peer[300];		/* "host:port" as in messages */
	int	 tls;
	int	 tls_unverified;	/* tls_verify = false, no pin */
	char	 tls_version[16];
	int	 auth;
	char	 reply[REPLY_TEXT_MAX];	/* final or failing server reply */
};

struct route {
	const char	*host;		/* account's host unless overridden */
	int		 port;
	const char	*helo_name;
	const char	*home;		/* for ~/.netrc */
	int		 timeout;
};

/*
 * Opens a session ready for MAIL: connection, TLS as the account says
 * (implicit, or STARTTLS and EHLO again), greeting and EHLO. On failure
 * *smtp may still be set (close it with smtp_close) or be NULL.
 */
int	deliver_session(const struct account *, const struct route *,
	    struct trace *, struct delivery *, struct smtp **, struct err *);

/* The SMTP settings of an account on a route (EHLO name, LMTP, timeout). */
void	deliver_smtp_params(const struct account *, const struct route *,
	    struct trace *, struct smtp_params *);

/* The TLS settings of an account, for a connection to host. */
void	deliver_tls_policy(const struct account *, const char *host,
	    struct tls_policy *);

/*
 * Sends the message. Returns 0 when the server took it for at least one
 * recipient (see env->rcpts for the others), -1 with e set otherwise.
 */
int	deliver_message(const struct account *, const struct route *,
	    struct envelope *, struct spool *, struct trace *,
	    struct delivery *, struct err *);

/*
 * deliver_message, then on a temporary failure of the whole message the
 * account's fallback, its fallback, and so on (each account once).
 * first is the route of acct (with --host/--port applied); fallbacks use
 * their own host and port. Recipients refused for good stay refused.
 */
int	deliver_with_fallback(const struct config *, const struct account *acct,
	    const struct route *first, struct envelope *, struct spool *,
	    struct trace *, struct delivery *, struct err *);

/*
 * The one log line of SPEC §7 for a message, to syslog and/or logfile.
 * A logfile that cannot be written: -1 (EX_IOERR), for a warning only.
 */
int	deliver_log(const struct config *, const char *tag,
	    const struct delivery *, const struct envelope *, off_t size,
	    const char *status, const char *error, double elapsed,
	    struct err *);

#endif
