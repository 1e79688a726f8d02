/*
 * Fuzz target for the aliases file: any bytes as the file's text. A
 * failed parse leaves nothing behind; every entry has a name and at
 * least one target, each found again by its name; expanding every name
 * (and a name with no entry) ends, within the limits, with addresses
 * free of line breaks, no empty one and no duplicate.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "aliases.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_expansion(const struct aliases *al, const char *name)
{
	struct addr_list out = ADDR_LIST_INIT;
	char why[256];
	size_t i, k;

	if (aliases_expand(al, name, &out, why, sizeof(why)) == -1 &&
	    why[0] == '\0')
		abort();
	for (i = 0; i < out.n; i++) {
		if (out.v[i][0] == '\0' || out.v[i][0] == '\\' ||
		    addr_has_controls(out.v[i], strlen(out.v[i])))
			abort();
		for (k = 0; k < i; k++)
			if (addr_equal(out.v[i], out.v[k]))
				abort();
	}
	addr_list_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aliases al = ALIASES_INIT;
	char why[256];
	size_t i;

	if (aliases_parse(&al, (const char *)data, size, why,
	    sizeof(why)) == -1) {
		if (al.n != 0 || al.v != NULL || why[0] == '\0')
			abort();
		return 0;
	}
	for (i = 0; i < al.n; i++) {
		if (al.v[i].name[0] == '\0' || al.v[i].targets.n == 0 ||
		    aliases_find(&al, al.v[i].name) != &al.v[i])
			abort();
		check_expansion(&al, al.v[i].name);
	}
	check_expansion(&al, "no-such-name-here");
	check_expansion(&al, "someone@example.org");
	aliases_free(&al);
	return 0;
}
