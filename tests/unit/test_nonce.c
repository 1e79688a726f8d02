/*
 * nonce_fill: every size filled, nothing written past it, and two draws
 * that differ (for 12 bytes or more, equal draws mean no randomness).
 */
#include "config.h"

#include <string.h>

#include "nonce.h"
#include "t.h"

#define GUARD	16

static const struct {
	const char	*label;
	size_t		 n;
} nonce_cases[] = {
	{ "0 bytes", 0 },
	{ "1 byte", 1 },
	{ "12 bytes (Message-ID)", 12 },
	{ "256 bytes (getrandom's whole-read limit)", 256 },
	{ "257 bytes", 257 },
	{ "4096 bytes", 4096 },
};

static unsigned char a[4096 + GUARD], b[4096 + GUARD];

int
main(void)
{
	unsigned char guard[GUARD];
	char label[128];
	size_t i, n;

	memset(guard, 0xa5, sizeof(guard));
	for (i = 0; i < sizeof(nonce_cases) / sizeof(nonce_cases[0]); i++) {
		n = nonce_cases[i].n;
		memset(a, 0xa5, sizeof(a));
		memset(b, 0xa5, sizeof(b));
		snprintf(label, sizeof(label), "%s: filled",
		    nonce_cases[i].label);
		T_CHECK(label, nonce_fill(a, n) == 0 && nonce_fill(b, n) == 0);
		snprintf(label, sizeof(label), "%s: nothing past the end",
		    nonce_cases[i].label);
		T_CHECK(label, memcmp(a + n, guard, GUARD) == 0 &&
		    memcmp(b + n, guard, GUARD) == 0);
		if (n < 12)
			continue;
		snprintf(label, sizeof(label), "%s: two draws differ",
		    nonce_cases[i].label);
		T_CHECK(label, memcmp(a, b, n) != 0);
	}
	return t_done();
}
