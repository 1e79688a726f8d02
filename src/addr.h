/*
 * RFC 5322 address lists, parsed by a pure function: display names,
 * quoted strings, (nested) comments, angle addresses, groups, obsolete
 * forms seen in the wild ("a@x (Name)"), folding white space. Only the
 * addr-spec of each mailbox is returned; group names are dropped.
 */
#ifndef POSTIE_ADDR_H
#define POSTIE_ADDR_H

#include <stddef.h>

struct addr_list {
	char	**v;		/* malloc'd addr-specs, "local@domain" or "local" */
	size_t	 n;
	size_t	 cap;
};

#define ADDR_LIST_INIT	{ NULL, 0, 0 }

/*
 * Parses s[0..len) as an address list and appends each mailbox's
 * addr-spec to *out. An empty list (or only a group with no members) is
 * not an error. Returns 0, or -1 with a short reason in errbuf (the
 * caller adds which header). On -1 nothing is appended.
 * The local part is returned as written (quotes kept), the domain as
 * written; route addresses "<@a,@b:x@y>" give "x@y".
 */
int	addr_parse_list(const char *s, size_t len, struct addr_list *out,
	    char *errbuf, size_t errlen);

/* Appends a copy unless an equal address is there already (local part
 * compared exactly, domain without regard to case). 0, or -1 on ENOMEM. */
int	addr_list_add_unique(struct addr_list *, const char *addr);

/*
 * Appends copies of src's addresses that are not in *out already nor
 * earlier in src, in src's order: addr_list_add_unique for a whole list,
 * in O(n log n). 0, or -1 on ENOMEM with *out unchanged.
 */
int	addr_list_add_all_unique(struct addr_list *out,
	    const struct addr_list *src);

/* True when two addresses are equal by the rule above. */
int	addr_equal(const char *, const char *);

void	addr_list_free(struct addr_list *);

/* True when s holds CR, LF or NUL within its first len bytes. */
int	addr_has_controls(const char *s, size_t len);

/*
 * Octets an address may have in MAIL FROM or RCPT TO: RFC 5321
 * §4.5.3.1.3 allows a path of 256 with its angle brackets.
 */
#define ADDR_PATH_MAX	254

/*
 * Whether a can stand between the angle brackets of MAIL FROM or RCPT
 * TO as it is: at most ADDR_PATH_MAX octets and exactly one addr-spec as
 * addr_parse_list returns it, so that no blank, bracket, line break or
 * parameter can follow it into the command. "" (the null sender)
 * passes. 0, or -1 with a short reason in errbuf.
 */
int	addr_check_path(const char *a, char *errbuf, size_t errlen);

/* True when the address has bytes >= 0x80 (needs SMTPUTF8). */
int	addr_is_utf8(const char *);

/* True when the address has no '@' outside quotes (a local name).
 * The empty string (null sender) is not a local name. */
int	addr_is_local(const char *);

/*
 * One mailbox found by addr_scan. Offsets are into the scanned bytes:
 * [spec_start, spec_end) is the addr-spec as written (route excluded,
 * comments around it excluded), so "@domain" can be inserted at
 * spec_end; when angle is set, [angle_start, angle_end) is everything
 * between '<' and '>'.
 */
struct addr_span {
	const char	*spec;		/* as addr_parse_list returns it */
	size_t		 spec_start;
	size_t		 spec_end;
	int		 has_domain;
	int		 angle;
	size_t		 angle_start;
	size_t		 angle_end;
};

/*
 * The grammar behind addr_parse_list, for callers that edit a header in
 * place. Calls cb once per mailbox, in order; spec is valid during the
 * call only. A callback returning -1 stops the scan (errbuf "out of
 * memory"). The scan may call cb and then fail on a later byte, so a
 * caller must not act on the spans before addr_scan has returned 0.
 */
int	addr_scan(const char *s, size_t len,
	    int (*cb)(const struct addr_span *, void *), void *arg,
	    char *errbuf, size_t errlen);

/*
 * Strips one pair of surrounding angle brackets and white space, as
 * callers write "-f <a@b>". Returns malloc'd copy, or NULL on ENOMEM.
 */
char	*addr_strip_angles(const char *);

#endif
