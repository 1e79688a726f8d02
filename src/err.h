/*
 * Error object passed up to main: a sysexits code and one human sentence.
 * Modules fill it and return -1; only main prints it, once.
 */
#ifndef POSTIE_ERR_H
#define POSTIE_ERR_H

#include <stdarg.h>
#include <stddef.h>

struct err {
	int	 ex;		/* sysexits code, 0 when no error */
	char	 msg[512];	/* one sentence, no program prefix, no newline */
};

/* Clears the error. */
void	err_clear(struct err *);

/* Sets code and message; always returns -1 so callers can "return err_set()". */
int	err_set(struct err *, int ex, const char *fmt, ...)
	    __attribute__((__format__(printf, 3, 4)));
int	err_setv(struct err *, int ex, const char *fmt, va_list)
	    __attribute__((__format__(printf, 3, 0)));

/* Puts "context: " in front of the existing message; returns -1. */
int	err_prefix(struct err *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));

/*
 * For pure parsers, which report into a caller's buffer rather than a
 * struct err: the sentence goes to buf (when buf is not NULL); returns -1.
 */
int	errbuf_set(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((__format__(printf, 3, 4)));

/* Sets ENOMEM-style failure (EX_OSERR) naming what was being done. */
int	err_nomem(struct err *, const char *what);

#endif
