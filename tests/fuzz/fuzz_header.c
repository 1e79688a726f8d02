/*
 * Fuzz target for the header module: any bytes as a header block. The
 * fields must tile the block, -t recipients must be free of line breaks,
 * and hdr_rewrite must be idempotent: its output, rewritten again, comes
 * back unchanged (nothing left to add, remove or qualify).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "buf.h"
#include "header.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_fields(const char *b, size_t len)
{
	struct hdr_field f;
	size_t pos = 0, sum = 0;
	char *u;

	while (hdr_next(b, len, &pos, &f)) {
		if (f.raw != b + sum || f.raw_len == 0 || f.value < f.raw ||
		    f.value + f.value_len > f.raw + f.raw_len)
			abort();
		sum += f.raw_len;
		if ((u = hdr_unfold(f.value, f.value_len)) == NULL)
			abort();
		free(u);
	}
	if (sum != len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct addr_list l = ADDR_LIST_INIT;
	struct buf one = BUF_INIT, two = BUF_INIT;
	struct hdr_edit ed;
	char why[256];
	size_t k;

	check_fields(b, size);
	if (hdr_recipients(b, size, &l, why, sizeof(why)) == 0)
		for (k = 0; k < l.n; k++)
			if (addr_has_controls(l.v[k], strlen(l.v[k])))
				abort();
	addr_list_free(&l);

	memset(&ed, 0, sizeof(ed));
	ed.domain = "host.example";
	ed.sender = "sender@example.com";
	ed.full_name = size > 0 && (data[0] & 1) ? "J\xc3\xb6rg \"Q\"" : NULL;
	ed.set_from = size > 0 && (data[0] & 2) ? "set@example.com" : NULL;
	ed.qualify = size > 0 && (data[0] & 4);
	ed.unique = "fuzz";
	ed.now = 0;
	if (hdr_rewrite(b, size, &ed, &one, why, sizeof(why)) == -1)
		abort();
	if (hdr_rewrite(one.data, one.len, &ed, &two, why, sizeof(why)) == -1)
		abort();
	if (one.len != two.len || memcmp(one.data, two.data, one.len) != 0)
		abort();
	buf_free(&one);
	buf_free(&two);
	return 0;
}
