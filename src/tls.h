/*
 * TLS with GnuTLS: the handshake on an open connection (implicit TLS, or
 * after STARTTLS), verification of the server (chain and host name
 * against the system trust store or a CA file, or a SHA-256 pin instead),
 * an optional client certificate, and a transport that puts the session
 * under conn_* so the SMTP engine does not know TLS is there.
 */
#ifndef POSTIE_TLS_H
#define POSTIE_TLS_H

#include <stdio.h>

struct conn;
struct err;
struct trace;

struct tls_policy {
	const char	*host;		/* name to verify and send as SNI */
	int		 verify;	/* tls_verify */
	int		 enforce;	/* 0 for --serverinfo: report, go on */
	const char	*ca_file;	/* "" or NULL: the system trust store */
	const char	*fingerprint;	/* "sha256:AB:CD:..." pin, or "" */
	const char	*cert_file;	/* client certificate, or "" */
	const char	*key_file;
	const char	*priorities;	/* GnuTLS priority string, or "" */
	const char	*min_version;	/* "1.0" .. "1.3" */
};

struct tls;

/*
 * Handshakes on c within the connection's timeout, then checks the
 * server. On success the connection carries TLS from now on and owns
 * the session: conn_close ends it. On failure the caller frees *tls
 * with tls_free. Errors:
 * EX_CONFIG for unusable local files or settings, EX_UNAVAILABLE when
 * the two sides share no protocol version or cipher, EX_TEMPFAIL for
 * everything else, certificate failures included (as Postfix defers
 * them): a fixed certificate lets a queued message go later. GnuTLS is
 * loaded here on first use (gtls_load); not loading is EX_TEMPFAIL too.
 */
int	 tls_start(struct tls **, struct conn *c, const struct tls_policy *,
	    struct trace *, struct err *);

/* "1.3", for the log line. */
const char *tls_version(const struct tls *);

/*
 * Version, cipher, certificate subject, issuer, validity, SHA-256
 * fingerprint and the verification result, as --serverinfo prints them.
 */
void	 tls_describe(const struct tls *, FILE *);

/*
 * The verification verdict in words into out: 1 when the server was
 * verified (or matched its pin), 0 otherwise (also with tls_verify off).
 */
int	 tls_verdict(const struct tls *, char *out, size_t cap);

/* Sends close_notify (without waiting) and frees the session. */
void	 tls_free(struct tls *);

#endif
