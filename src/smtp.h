/*
 * SMTP client engine: greeting, EHLO (HELO fallback), MAIL/RCPT/DATA
 * with PIPELINING when offered, SIZE, 8BITMIME, SMTPUTF8, DSN, the body
 * streamed with dot-stuffing, QUIT in the same flight as the end of data.
 * Replies are checked strictly; each recipient's fate is recorded.
 */
#ifndef POSTIE_SMTP_H
#define POSTIE_SMTP_H

#include <stddef.h>

#include "cmdline.h"
#include "reply.h"

struct conn;
struct err;
struct sasl;
struct spool;
struct trace;

enum rcpt_status {
	RCPT_PENDING,
	RCPT_ACCEPTED,
	RCPT_TEMPFAIL,		/* 4xx: may be tried again */
	RCPT_PERMFAIL		/* 5xx */
};

struct rcpt {
	char			*addr;
	enum rcpt_status	 status;
	char			 reply[REPLY_TEXT_MAX];	/* the server's reply when refused */
};

struct envelope {
	char		*sender;	/* "" for the null sender */
	struct rcpt	*rcpts;
	size_t		 nrcpts;
	enum body_type	 body_type;	/* from -B; BODY_UNSET: from the bytes */
	int		 is_8bit;	/* message has 8-bit bytes */
	const char	*dsn_notify;	/* NULL when not asked for */
	const char	*dsn_return;
	const char	*dsn_envid;
};

struct smtp_params {
	const char	*helo_name;	/* EHLO argument */
	int		 lmtp;		/* LHLO and one reply per recipient */
	int		 timeout;	/* seconds per step */
	struct trace	*trace;		/* may be NULL */
};

/* How many recipients of env have this status. */
size_t	smtp_count_status(const struct envelope *, enum rcpt_status);

struct smtp;

/*
 * Takes over the connection: reads the greeting and says EHLO (or LHLO;
 * HELO when EHLO is refused). Errors carry the exit code of SPEC §6.
 */
int	smtp_open(struct smtp **, struct conn *, const struct smtp_params *,
	    struct err *);

const struct caps *smtp_caps(const struct smtp *);
struct conn *smtp_conn(struct smtp *);

/*
 * Says EHLO again (after STARTTLS), forgetting earlier capabilities.
 */
int	smtp_hello(struct smtp *, struct err *);

/*
 * Asks for STARTTLS. Returns 0 when the server said 220 and sent nothing
 * more (bytes after the 220 would be a plaintext injection and are a
 * protocol error); the caller then starts TLS on smtp_conn() and says
 * smtp_hello(). Not offered: EX_TEMPFAIL; refused: 4xx EX_TEMPFAIL, 5xx
 * EX_UNAVAILABLE. Nothing is ever sent in plaintext after this fails.
 */
int	smtp_starttls(struct smtp *, struct err *);

/*
 * AUTH with one mechanism (mech is its name). Every line the client
 * sends is wiped from memory once sent. 235 then sasl_done: 0. A 535,
 * 534 or other refusal: EX_NOPERM (77) with the server's reply; a 4xx
 * (454): EX_TEMPFAIL. A challenge the mechanism rejects (a SCRAM server
 * that cannot prove it knows the password) cancels with "*".
 */
int	smtp_auth(struct smtp *, struct sasl *, const char *mech, struct err *);

/* The greeting, and the lines of the last EHLO reply, for --serverinfo. */
const char *smtp_greeting(const struct smtp *);
const char *smtp_ehlo_lines(const struct smtp *);	/* "\n"-separated */

/*
 * Sends one message. Returns 0 when the server took it for at least one
 * recipient (others may be refused: see env->rcpts[i].status), -1
 * otherwise. When quit_after, QUIT goes in the same flight as the end of
 * data and the session is over. The reply to the end of data (or the
 * first failing reply; none when the failure was not a reply) is kept
 * for the log: smtp_last_reply().
 */
int	smtp_send(struct smtp *, struct envelope *, struct spool *,
	    int quit_after, struct err *);

/*
 * The outcome of a message sent by smtp_send_pipelined, once known: rc
 * and e as smtp_send would have given them (e is the callee's).
 */
typedef void	(*smtp_held_fn)(void *arg, int rc, struct err *e);

/*
 * For queue runs: smtp_send without QUIT that, with PIPELINING and
 * DATA, does not wait for the reply to the end of data. The next
 * message's MAIL, RCPT and DATA go in the flight that carries this
 * one's end (RFC 2920: the message content may open a group), and that
 * reply is read after them. Returns 1 when the outcome is to come: done
 * gets it from the next smtp_send_pipelined, smtp_reset or smtp_close,
 * and env and sp must live until then. Otherwise returns as smtp_send,
 * and done is not called for env.
 */
int	smtp_send_pipelined(struct smtp *, struct envelope *, struct spool *,
	    smtp_held_fn done, void *arg, struct err *);

/*
 * After a failed transaction, before the next MAIL on the same session:
 * RSET. Returns -1 when the session cannot carry another message.
 */
int	smtp_reset(struct smtp *, struct err *);

/* True while the session can still carry a message. */
int	smtp_usable(const struct smtp *);

/*
 * A step taken outside the engine failed (the TLS handshake after
 * STARTTLS, AUTH before it began): the session is over, and smtp_close
 * waits for no reply. With tls_lost, the connection is no longer plain
 * SMTP (the server answered STARTTLS with 220), so not even QUIT goes.
 */
void	smtp_give_up(struct smtp *, int tls_lost);

/* "250 2.0.0 Ok: queued as X", or "" when no reply was had. */
const char *smtp_last_reply(const struct smtp *);

/*
 * Ends the session: QUIT (unless already sent) and a short wait for its
 * reply when the session is healthy; closes the connection either way.
 */
void	smtp_close(struct smtp *);

#endif
