/*
 * Fuzz target: SMTP reply lines and EHLO keywords. The input is split at
 * CRLF; each line goes to reply_add_line until the reply completes or is
 * refused, and to reply_ehlo_line. Checks that the parsed state stays
 * within its bounds.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct reply r;
	struct caps c;
	char why[128];

	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		reply_ehlo_line(&c, p, (size_t)(nl - p));
		if (reply_add_line(&r, p, (size_t)(nl - p), why, sizeof(why)) == -1)
			memset(&r, 0, sizeof(r));
		else if (r.code < 200 || r.code > 599 ||
		    strlen(r.text) >= sizeof(r.text) ||
		    strlen(r.enhanced) >= sizeof(r.enhanced))
			abort();
		p = nl + 1;
	}
	if (strlen(c.auth) >= sizeof(c.auth))
		abort();
	return 0;
}
