/*
 * Random bytes for names: queue ids, Message-IDs, retry jitter. They
 * must be unique and hard to guess, not secret; keys and SASL nonces
 * come from GnuTLS instead.
 */
#ifndef POSTIE_NONCE_H
#define POSTIE_NONCE_H

#include <stddef.h>

/* Fills p with n random bytes. 0, or -1 with errno set. */
int	nonce_fill(void *p, size_t n);

#endif
