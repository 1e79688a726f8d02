/*
 * Where a password (or OAuth2 access token) comes from: the account's
 * password, else the first line of what password_command prints, else
 * ~/.netrc. Also the rule for sending one at all: only over TLS, a
 * loopback address or a unix socket. The caller wipes what it gets.
 */
#ifndef POSTIE_SECRET_H
#define POSTIE_SECRET_H

#include <stddef.h>

struct account;
struct buf;
struct err;

/*
 * Fills out (emptied first) with the secret for user at host. Errors are
 * EX_CONFIG: a password_command that fails, prints nothing or outlives
 * timeout seconds (its stderr is passed through), or no source at all.
 */
int	secret_get(const struct account *, const char *host, const char *user,
	    const char *home, int timeout, struct buf *out, struct err *e);

/*
 * Pure: the password for host (and login user, when user is not NULL)
 * in the text of a .netrc file, into out; 1 found, 0 not found.
 * "default" matches any host, after every machine entry was tried.
 */
int	secret_netrc_lookup(const char *text, size_t len, const char *host,
	    const char *user, struct buf *out);

/* Credentials may be sent: the session is encrypted or stays local. */
int	secret_may_send(int encrypted, int local);

#endif
