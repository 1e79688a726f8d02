/*
 * Header block handling, pure: iterate fields (with their folded lines),
 * unfold, collect -t recipients, and build the edited header block:
 * Bcc/Resent-Bcc removed, Date, Message-ID and From added when missing,
 * From rewritten with set_from_header, bare names qualified. Everything
 * else stays byte-identical. Input and output are CRLF-terminated lines.
 */
#ifndef POSTIE_HEADER_H
#define POSTIE_HEADER_H

#include <stddef.h>
#include <time.h>

struct addr_list;
struct buf;

struct hdr_field {
	const char	*name;		/* points into the block */
	size_t		 name_len;
	const char	*value;		/* after "name:", up to the last CRLF (excluded) */
	size_t		 value_len;
	const char	*raw;		/* the whole field, folded lines and final CRLF */
	size_t		 raw_len;
};

/*
 * Iterates the block. *pos starts at 0. Returns 1 with *f filled, 0 at
 * the end. A line that is not a field nor a continuation is returned as
 * a field with name_len 0 so that it is kept as it is.
 */
int	hdr_next(const char *block, size_t len, size_t *pos, struct hdr_field *f);

/* Case-insensitive field name comparison. */
int	hdr_is(const struct hdr_field *, const char *name);

/* Unfolds a value (CRLF before white space removed). malloc'd or NULL. */
char	*hdr_unfold(const char *value, size_t len);

/*
 * -t: recipients from To, Cc, Bcc, or from Resent-To/Cc/Bcc when any
 * Resent- header exists. Appends unique addresses to *out. Returns 0, or
 * -1 with "header-name: reason" in errbuf for an unparsable list.
 */
int	hdr_recipients(const char *block, size_t len, struct addr_list *out,
	    char *errbuf, size_t errlen);

struct hdr_edit {
	const char	*domain;	/* for Message-ID and qualifying */
	const char	*sender;	/* envelope sender for an added From ("" none) */
	const char	*full_name;	/* -F, may be NULL */
	const char	*set_from;	/* rewrite From to this address, or NULL */
	int		 qualify;	/* qualify_headers */
	time_t		 now;		/* for Date */
	const char	*unique;	/* random part of an added Message-ID */
};

/*
 * Builds the edited header block into *out (appended). Returns 0, or -1
 * with errbuf set (and *out as it was) on ENOMEM, or when GnuTLS, which
 * encodes an 8-bit full_name (RFC 2047), cannot be loaded. Missing
 * fields are added after the existing ones: Date, Message-ID (only when
 * unique is set), From (only when there is an address: set_from or a
 * non-empty sender). Address fields that do not parse are kept as they
 * are.
 */
int	hdr_rewrite(const char *block, size_t len, const struct hdr_edit *,
	    struct buf *out, char *errbuf, size_t errlen);

#endif
