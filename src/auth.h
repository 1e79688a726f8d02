/*
 * SASL mechanisms for SMTP AUTH (RFC 4954), as step functions with no
 * I/O: the SMTP engine sends what these return and feeds back what the
 * server answers. All cryptography (hashes, HMAC, PBKDF2, base64,
 * random) comes from GnuTLS. Every secret buffer is wiped before it is
 * freed. Texts in and out are base64, as they travel on the wire.
 */
#ifndef POSTIE_AUTH_H
#define POSTIE_AUTH_H

#include "conf.h"

struct buf;
struct err;
struct sasl;

/* "PLAIN", "SCRAM-SHA-256", ... for AUTH_PLAIN etc.; NULL for none/auto. */
const char *sasl_mech_name(enum auth_mech);

/*
 * The mechanism to use. With AUTH_AUTO: the strongest both sides have,
 * SCRAM-SHA-256 > SCRAM-SHA-1 > CRAM-MD5 > PLAIN > LOGIN (XOAUTH2,
 * OAUTHBEARER and EXTERNAL only when asked for by name). offered is the
 * server's AUTH keyword list, space separated, upper case. Returns the
 * mechanism, or AUTH_NONE with EX_NOPERM (77) in e naming what the
 * server offered when there is no match.
 */
enum auth_mech sasl_choose(enum auth_mech wanted, const char *offered,
	    struct err *e);

/*
 * Starts an exchange. user and secret are copied (secret is the password,
 * or the OAuth2 access token for XOAUTH2 / OAUTHBEARER; unused by
 * EXTERNAL). host is the server name OAUTHBEARER sends. Loads GnuTLS
 * (gtls_load) on first use: EX_TEMPFAIL when it cannot be loaded.
 */
int	sasl_new(struct sasl **, enum auth_mech, const char *user,
	    const char *secret, const char *host, int port, struct err *e);

/*
 * The initial response for "AUTH MECH <response>", base64, into out
 * (which is emptied first). Sets *has_initial to 0 for mechanisms that
 * wait for a first challenge (LOGIN, CRAM-MD5), then out stays empty.
 * An empty initial response is sent as "=" (RFC 4954).
 */
int	sasl_initial(struct sasl *, struct buf *out, int *has_initial,
	    struct err *e);

/*
 * The answer to one 334 challenge (the text after "334 ", base64, may be
 * empty) into out. A challenge that cannot be decoded or that fails the
 * mechanism's checks (SCRAM: a nonce not extending ours, an iteration
 * count under 4096, a wrong server signature) is an error, EX_PROTOCOL or
 * EX_NOPERM; the caller then aborts the exchange with "*".
 * OAUTHBEARER / XOAUTH2 error challenges (JSON) are kept for the final
 * message and answered as the RFCs ask (the dummy "AQ==" / empty).
 * An empty first challenge to a mechanism that has an initial response
 * asks for that response (RFC 4954 §4: the client may leave it off the
 * AUTH line, e.g. when a long OAuth token would pass the 512-octet line
 * limit); it is answered with that response.
 */
int	sasl_step(struct sasl *, const char *challenge, struct buf *out,
	    struct err *e);

/*
 * After 235: SCRAM must have verified the server's signature by now, or
 * the server did not prove it knows the password (EX_NOPERM).
 */
int	sasl_done(struct sasl *, struct err *e);

/* The server's JSON error of an OAuth exchange, or "". */
const char *sasl_oauth_error(const struct sasl *);

/* Wipes every secret and frees. */
void	sasl_free(struct sasl *);

/*
 * For tests: use this SCRAM client nonce (printable, no ',', at most 64
 * characters) instead of a random one; call before sasl_initial.
 * Returns -1 for another mechanism or an unusable nonce.
 */
int	sasl_set_nonce(struct sasl *, const char *nonce);

#endif
