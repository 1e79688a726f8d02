/*
 * Configuration values: what each key accepts. conf_values.c implements
 * the pure parsers and names of conf.h (conf_parse_*, conf_*_name) and,
 * for conf.c's libconfuse callbacks, the two look-ups below by key name.
 * No libconfuse, no globals: the fuzz target calls the same code.
 */
#ifndef POSTIE_CONF_VALUES_H
#define POSTIE_CONF_VALUES_H

#include <stddef.h>

/*
 * Checks s as a value of the string key: 0 when it is fine or when the
 * key has no rule of its own, else -1 with a message in errbuf.
 */
int	conf_values_check(const char *key, const char *s, char *errbuf,
	    size_t);

/*
 * Parses s as a value of an integer key (port, tls, auth, protocol,
 * timeout, queue_lifetime): 0 and *v, else -1 with a message in errbuf.
 * Durations must be above zero, and timeout must fit an int.
 */
int	conf_values_int(const char *key, const char *s, long *v, char *errbuf,
	    size_t);

#endif
