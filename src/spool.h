/*
 * Message spool: reads the message from a file descriptor once, turns
 * LF line ends into CRLF, handles the lone "." line, and keeps the header
 * block in memory and the body in memory up to a small bound, then in an
 * unlinked temporary file, or in the input itself when that is a regular
 * file, so memory does not grow with message size.
 * Later the header block may be replaced by an edited one, and the whole
 * message (header block, empty line, body) can be read back many times.
 */
#ifndef POSTIE_SPOOL_H
#define POSTIE_SPOOL_H

#include <sys/types.h>
#include <stddef.h>

struct err;
struct spool;

/* Bytes of body kept in memory before spilling to a temporary file. */
#define SPOOL_MEM_MAX		(128 * 1024)
/* Header bytes kept; header lines past this are treated as body. */
#define SPOOL_HEADER_MAX	(1024 * 1024)

/*
 * Reads the message from fd: the header block whole, and the body while
 * it fits in SPOOL_MEM_MAX. The rest of a larger body is read when the
 * message is read back (spool_read_message) or by spool_drain, so that
 * it can be sent while it is read; fd must stay open until then, and
 * until spool_free when it is a regular file: the body is then read
 * again from it rather than copied, and a read-back after it changed
 * (time or size) fails with EX_IOERR.
 * Reading stops at the end of input, or at a line holding only "." when
 * dot_ends. The header block is the run of leading header fields (and
 * their folded continuation lines); it ends at the first empty line,
 * which is consumed, or at the first line that is not a header field.
 * Lines are stored with CRLF; a bare CR is kept; a missing final line
 * end is added. Returns 0, or -1 with EX_IOERR (74) / EX_OSERR (71);
 * a later read of the input that fails fails for good, with EX_IOERR.
 */
int	 spool_read(struct spool **, int fd, int dot_ends, struct err *);

/* Reads what is left of the input, if anything. */
int	 spool_drain(struct spool *, struct err *);

/*
 * Opens a message already in sending form (a queue file: CRLF lines,
 * header block, empty line, body) without copying it: the header block
 * is read into memory, the body is read from fd at its offset when the
 * message is read back. The spool owns fd from then on (also on error).
 */
int	 spool_open_file(struct spool **, int fd, struct err *);

/*
 * The same, with the bytes pushed in by the caller (-bs, after
 * dot-unstuffing): begin, write as often as needed, end.
 */
int	 spool_begin(struct spool **, int dot_ends, struct err *);
int	 spool_write(struct spool *, const void *, size_t, struct err *);
int	 spool_end(struct spool *, struct err *);

/* The header block: CRLF-terminated lines, without the empty line. */
const char *spool_header(const struct spool *, size_t *len);

/* Replaces the header block with a copy of the given bytes. */
int	 spool_set_header(struct spool *, const char *, size_t, struct err *);

/*
 * True when any byte of the header block or body has the high bit set,
 * or may have: while the input is not read to its end.
 */
int	 spool_is_8bit(const struct spool *);

/*
 * Size in bytes of the message as it will be read back (CRLF form);
 * -1 while the input is not read to its end.
 */
off_t	 spool_size(const struct spool *);
off_t	 spool_body_size(const struct spool *);

/*
 * Reading back: header block, "\r\n", body. spool_rewind starts again;
 * spool_read_message returns bytes read, 0 at the end, -1 on error.
 */
int	 spool_rewind(struct spool *, struct err *);
ssize_t	 spool_read_message(struct spool *, void *, size_t, struct err *);

void	 spool_free(struct spool *);

#endif
