/*
 * Resolving the parsed file into struct config: the top-level values,
 * then every account key by key, from the account itself, else along
 * its inherit chain, else from the top level, else the built-in default,
 * noting where each value came from. conf_resolve.c also implements
 * conf_account(), conf_free() and conf_key_name() of conf.h.
 */
#ifndef POSTIE_CONF_RESOLVE_H
#define POSTIE_CONF_RESOLVE_H

#include <confuse.h>

struct config;
struct conf_text;

/*
 * Fills c from root, what libconfuse parsed of t's text, with the
 * places t has marked. There is always an account "default", at worst
 * made of the top level. Errors name the place of the value at fault,
 * "file:line: key: what". On failure c holds what was filled so far,
 * for conf_free().
 */
int	conf_resolve(struct config *c, cfg_t *root, struct conf_text *t);

#endif
