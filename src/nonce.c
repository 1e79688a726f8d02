/*
 * Random bytes from getrandom(2), the kernel source GnuTLS's own nonce
 * generator draws from too. Names need no more than that, and taking
 * them here keeps GnuTLS unloaded on the plaintext path (gtls.h).
 */
#include "config.h"

#include <sys/random.h>

#include <errno.h>

#include "nonce.h"

int
nonce_fill(void *p, size_t n)
{
	unsigned char *b = p;
	ssize_t r;

	/* Reads past 256 bytes may be short, and a signal may cut one. */
	while (n > 0) {
		if ((r = getrandom(b, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {		/* not documented; never loop on it */
			errno = EIO;
			return -1;
		}
		b += r;
		n -= (size_t)r;
	}
	return 0;
}
