/*
 * The configuration text: the file and its includes, read by postie
 * itself, comments dropped, include("FILE") spliced in place, and a map
 * from each line of that text back to the file and line it came from.
 * It also knows where each key was set and applies the permission rule
 * (SPEC §8) to the files read. Errors are EX_CONFIG, "file:line: what".
 */
#ifndef POSTIE_CONF_TEXT_H
#define POSTIE_CONF_TEXT_H

#include <stddef.h>

#include "buf.h"

struct err;

struct conf_lineref {
	size_t	 file;		/* index in files */
	int	 line;
};

/*
 * The fields are conf_text.c's; others read only e, failed and text.
 * The first error wins: a caller that might add a second one checks
 * failed first.
 */
struct conf_text {
	struct err		*e;
	int			 failed;	/* e holds an error */
	struct buf		 text;		/* what libconfuse parses */
	struct conf_lineref	*map;		/* map[n]: line n of text */
	size_t			 nmap, mapcap;
	struct conf_srcfile	*files;		/* files[0]: the main file */
	size_t			 nfiles, filecap;
	struct conf_mark	*marks;		/* where keys were set */
	size_t			 nmarks, markcap;
	int			 depth;		/* include nesting */
	size_t			 total;		/* bytes read from all files */
	int			 braces;	/* open '{' */
	struct conf_lineref	 brace;		/* where the outermost one is */
};

/*
 * Reads path and the files it includes into t->text, errors into e.
 * include() names a file relative to the including file's directory, or
 * "~/...". Each file is fstat'ed through the descriptor it is read from.
 * t is set up even on failure: conf_text_free() it either way.
 */
int	conf_text_read(struct conf_text *t, const char *path, struct err *e);

/* -1 and an error when a '{' is never closed (libconfuse accepts it). */
int	conf_text_closed(struct conf_text *);

/*
 * Remembers that owner's key (a libconfuse section and option name,
 * not copied) is set at line of the text. With keep, a place already
 * known for it stays: "+=" to a list keeps the first one.
 */
int	conf_text_mark(struct conf_text *, const void *owner, const char *key,
	    int line, int keep);

/* "file:line" where owner's key was marked, else the main file's name. */
void	conf_text_mark_where(const struct conf_text *, const void *owner,
	    const char *key, char *out, size_t);

/* Line n of the text as "file:line" (clamped to the lines there are). */
void	conf_text_where(const struct conf_text *, int n, char *out, size_t);

/* The main file's name. */
const char *conf_text_path(const struct conf_text *);

/* Notes a non-empty password set at line n of the text. */
void	conf_text_password(struct conf_text *, int n);

/*
 * The permission rule: -1 when a file holding a password may be read by
 * others, or by its group unless it is root's and postie's group's.
 */
int	conf_text_perms(struct conf_text *);

/* Sets the error (EX_CONFIG, the message as given); returns -1. */
int	conf_text_error(struct conf_text *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));

/* Sets an out-of-memory error; returns -1. */
int	conf_text_nomem(struct conf_text *);

/* Frees everything, wiping the text. */
void	conf_text_free(struct conf_text *);

#endif
