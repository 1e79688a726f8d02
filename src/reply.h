/*
 * SMTP replies, parsed by pure functions: one line into code,
 * continuation flag and text; a whole reply accumulated line by line
 * with strict checks (RFC 5321 §4.2 and §4.5.3.1.5); EHLO keywords into
 * capability bits.
 */
#ifndef POSTIE_REPLY_H
#define POSTIE_REPLY_H

#include <stddef.h>

#define REPLY_LINE_MAX	512	/* octets, CRLF included (RFC 5321 §4.5.3.1.5) */
#define REPLY_LINES_MAX	100	/* continuation lines accepted in one reply */
#define REPLY_TEXT_MAX	1024	/* text kept for messages; longer is cut */

struct reply {
	int	 code;			/* 200..599 */
	int	 nlines;
	char	 enhanced[16];		/* "5.1.1" when the text starts with one, else "" */
	char	 text[REPLY_TEXT_MAX];	/* "550 5.1.1 no such user" (lines joined by a space) */
	int	 complete;		/* last line seen */
};

/*
 * Adds one line (without its CRLF) to *r, which starts zeroed. Returns 0,
 * or -1 with a reason in errbuf when the line is malformed: shorter than
 * 3 octets, a code outside 200-599, a separator other than ' ' or '-',
 * a code differing from the first line's, a control byte, too many lines.
 */
int	reply_add_line(struct reply *r, const char *line, size_t len,
	    char *errbuf, size_t errlen);

/* The class: 2, 3, 4 or 5. */
#define REPLY_CLASS(r)	((r)->code / 100)

enum smtp_ext {
	EXT_PIPELINING		= 1 << 0,
	EXT_SIZE		= 1 << 1,
	EXT_8BITMIME		= 1 << 2,
	EXT_SMTPUTF8		= 1 << 3,
	EXT_DSN			= 1 << 4,
	EXT_ENHANCEDSTATUSCODES	= 1 << 5,
	EXT_STARTTLS		= 1 << 6,
	EXT_AUTH		= 1 << 7,
	EXT_CHUNKING		= 1 << 8,
	EXT_BINARYMIME		= 1 << 9
};

struct caps {
	unsigned	 ext;		/* enum smtp_ext bits */
	unsigned long	 size;		/* SIZE limit, 0 = none given */
	char		 auth[256];	/* AUTH mechanisms, space separated, upper case */
};

/*
 * Reads the capabilities from one EHLO reply line's text (the part after
 * "250-" or "250 "); the first line (the greeting name) must be skipped
 * by the caller. Unknown keywords are ignored.
 */
void	reply_ehlo_line(struct caps *, const char *text, size_t len);

#endif
