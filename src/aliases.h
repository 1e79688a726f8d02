/*
 * Aliases for local recipients (SPEC §3), in the aliases(5) form:
 * "name: addr, addr", "#" comment lines, continuation lines that start
 * with white space, names without regard to case, and "default:" for
 * every local name that has no entry of its own. Parsing and expansion
 * are pure; aliases_load reads the file.
 */
#ifndef POSTIE_ALIASES_H
#define POSTIE_ALIASES_H

#include <stddef.h>

#include "addr.h"

struct err;

/* Nesting deeper than this is refused (sendmail stops at 10). */
#define ALIASES_DEPTH_MAX	16
/* Names expanded for one recipient at most: no exponential fan-out. */
#define ALIASES_STEPS_MAX	4096
/* A larger file is refused before it is read. */
#define ALIASES_FILE_MAX	(4 * 1024 * 1024)

/* The entry that catches local names without an entry. */
#define ALIASES_DEFAULT		"default"

struct alias {
	char		*name;		/* as written; matched without case */
	struct addr_list targets;	/* addr-specs; "\name": not expanded */
	int		 line;		/* where the entry starts */
};

struct aliases {
	struct alias	*v;
	size_t		 n;
	size_t		 cap;
};

#define ALIASES_INIT	{ NULL, 0, 0 }

/*
 * Parses text[0..len) into *al (entries appended). Each target is an
 * RFC 5322 address or a local name; "\name" is a name not to expand
 * again. Programs ("|cmd"), files ("/path") and ":include:" are refused,
 * since postie can only relay. Returns 0, or -1 with "line N: reason" in
 * errbuf and *al freed.
 */
int	aliases_parse(struct aliases *al, const char *text, size_t len,
	    char *errbuf, size_t errlen);

/* The entry for this name (case-insensitive), or NULL. */
const struct alias *aliases_find(const struct aliases *, const char *name);

/*
 * Expands one recipient into *out (appended, without duplicates, by
 * addr_list_add_unique). An address with '@' is final. A local name
 * with an entry is replaced by the entry's targets, each expanded again;
 * a name listed in its own entry ("root: root, a@x") and "\name" are
 * final, as sendmail delivers them locally. A name without an entry
 * takes the "default" entry when there is one, except under "default"
 * itself, else is final. Final local names are returned bare: the
 * caller adds "@domain". A loop through two or more entries, nesting
 * deeper than ALIASES_DEPTH_MAX or more than ALIASES_STEPS_MAX names:
 * -1 with a reason naming the alias in errbuf; *out may then hold part
 * of the expansion.
 */
int	aliases_expand(const struct aliases *, const char *rcpt,
	    struct addr_list *out, char *errbuf, size_t errlen);

/*
 * Reads and parses the file. A missing or unreadable file, or one that
 * does not parse: -1, EX_CONFIG, with a message naming the file.
 */
int	aliases_load(struct aliases *, const char *path, struct err *);

void	aliases_free(struct aliases *);

#endif
