/*
 * What --pretend and -bv print: the resolved account (secrets masked)
 * and the envelope that would be used. Nothing is sent.
 */
#ifndef POSTIE_SHOW_H
#define POSTIE_SHOW_H

#include <stdio.h>

struct account;
struct config;
struct envelope;
struct route;

/* rt: where the message would go, --host and --port applied. */
void	show_config(FILE *, const struct config *, const struct account *,
	    const struct route *);
void	show_envelope(FILE *, const struct account *, const struct route *,
	    const struct envelope *);

#endif
