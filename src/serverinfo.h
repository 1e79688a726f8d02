/*
 * --serverinfo: connect to the account's server and print what it
 * offers: greeting, EHLO extensions before and after STARTTLS, TLS
 * version and cipher, the certificate and whether it verifies. No mail
 * is sent; certificate problems are reported, not fatal.
 */
#ifndef POSTIE_SERVERINFO_H
#define POSTIE_SERVERINFO_H

#include <stdio.h>

struct account;
struct err;
struct route;
struct trace;

int	serverinfo_print(const struct account *, const struct route *,
	    struct trace *, FILE *, struct err *);

#endif
