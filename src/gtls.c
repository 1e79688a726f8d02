/*
 * The loader behind gtls.h: dlopen of GnuTLS by the soname found at
 * configure time, then dlsym of each symbol into its pointer. Failure is
 * EX_TEMPFAIL: a missing library is a local installation problem, and
 * that code queues the message or saves it to dead_letter (a queue run
 * defers it) where EX_OSFILE would lose it. Never dlclose: the pointers
 * are used to the end, and GnuTLS's own destructor runs at exit.
 */
#include "config.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <sysexits.h>

#include "err.h"
#define GTLS_LOADER		/* the pointers, not the calls */
#include "gtls.h"

#define GTLS_DEFINE(name)	__typeof__(gtls_##name) gtls_##name;
GTLS_SYMBOLS(GTLS_DEFINE)
#undef GTLS_DEFINE

/* Symbol name, and the pointer it goes into. */
struct gtls_sym {
	const char	*name;
	void		*slot;
};

#define GTLS_ENTRY(name)	{ #name, &gtls_##name },
static const struct gtls_sym gtls_syms[] = {
	GTLS_SYMBOLS(GTLS_ENTRY)
};
#undef GTLS_ENTRY

/* dlsym gives a void *; POSIX makes it as wide as a function pointer. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
    "function pointers do not fit in a void *");

static const char *
load_error(void)
{
	const char *why = dlerror();

	return why != NULL ? why : "unknown error";
}

int
gtls_load(struct err *e)
{
	static int loaded;
	void *lib, *sym;
	size_t i;

	if (loaded)
		return 0;
	if ((lib = dlopen(GNUTLS_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return err_set(e, EX_TEMPFAIL, "cannot load GnuTLS (%s): %s",
		    GNUTLS_SONAME, load_error());
	for (i = 0; i < sizeof(gtls_syms) / sizeof(gtls_syms[0]); i++) {
		(void)dlerror();
		if ((sym = dlsym(lib, gtls_syms[i].name)) == NULL)
			return err_set(e, EX_TEMPFAIL, "cannot use GnuTLS "
			    "(%s): %s", GNUTLS_SONAME, load_error());
		/* memcpy: a void * cannot be assigned to a function pointer. */
		memcpy(gtls_syms[i].slot, &sym, sizeof(sym));
	}
	loaded = 1;
	return 0;
}
