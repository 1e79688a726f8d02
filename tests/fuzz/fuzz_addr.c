/*
 * Fuzz target for the address-list parser: any bytes, parsed as a list;
 * a returned address must never hold CR, LF or NUL, must compare equal to
 * itself, a failed parse must append nothing, and the two ways of
 * removing duplicates must agree.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
span_cb(const struct addr_span *sp, void *arg)
{
	size_t len = *(size_t *)arg;

	if (sp->spec_start >= sp->spec_end || sp->spec_end > len ||
	    (sp->angle && (sp->angle_start > sp->spec_start ||
	    sp->angle_end < sp->spec_end || sp->angle_end >= len)))
		abort();
	return 0;
}

/* The bulk merge must agree with adding one by one. */
static void
check_unique(const struct addr_list *l)
{
	struct addr_list one = ADDR_LIST_INIT, all = ADDR_LIST_INIT;
	size_t k;

	for (k = 0; k < l->n; k++)
		if (addr_list_add_unique(&one, l->v[k]) == -1)
			abort();
	if (addr_list_add_all_unique(&all, l) == -1 || one.n != all.n)
		abort();
	for (k = 0; k < one.n; k++)
		if (strcmp(one.v[k], all.v[k]) != 0)
			abort();
	addr_list_free(&one);
	addr_list_free(&all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addr_list l = ADDR_LIST_INIT;
	char why[128], *s, *p;
	size_t k;
	int rc;

	rc = addr_parse_list((const char *)data, size, &l, why, sizeof(why));
	if (rc == -1 && l.n != 0)
		abort();
	for (k = 0; k < l.n; k++) {
		if (l.v[k][0] == '\0' || addr_has_controls(l.v[k],
		    strlen(l.v[k])))
			abort();
		if (!addr_equal(l.v[k], l.v[k]))
			abort();
		(void)addr_is_local(l.v[k]);
		(void)addr_is_utf8(l.v[k]);
	}
	if (addr_scan((const char *)data, size, span_cb, &size, why,
	    sizeof(why)) != rc)
		abort();
	check_unique(&l);
	addr_list_free(&l);

	/* The helpers take C strings. */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if ((p = addr_strip_angles(s)) != NULL) {
		if (addr_list_add_unique(&l, p) == 0)
			(void)addr_list_add_unique(&l, s);
		free(p);
	}
	addr_list_free(&l);
	free(s);
	return 0;
}
