/*
 * Growable byte buffer. Always NUL-terminated after the data so that text
 * can be passed to C string functions; len never counts that NUL.
 */
#ifndef POSTIE_BUF_H
#define POSTIE_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT	{ NULL, 0, 0 }

/* Each returns 0, or -1 when memory cannot be had (buffer unchanged). */
int	buf_add(struct buf *, const void *, size_t);
int	buf_addstr(struct buf *, const char *);
int	buf_addch(struct buf *, char);
int	buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));

/* Empties the buffer but keeps its memory. */
void	buf_reset(struct buf *);

/* Wipes (for secrets) and frees the memory. */
void	buf_wipe(struct buf *);
void	buf_free(struct buf *);

/* Wipes memory in a way the compiler cannot drop. */
void	secure_wipe(void *, size_t);

#endif
