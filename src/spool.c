/*
 * The message as read from the caller, stored once. Input bytes are fed
 * through a small state machine that normalises line ends (LF or CRLF in,
 * CRLF out, a bare CR kept), stops at a lone "." line when asked, and
 * splits the header block from the body. The body stays in memory up to
 * SPOOL_MEM_MAX and then moves to an unlinked temporary file, so peak
 * memory does not depend on the message size.
 *
 * A body larger than that is not read to its end at first: the rest of
 * the input is pulled in while the message is read back (sent), so that
 * reading and sending overlap. From a pipe, every byte still goes
 * through the file, which is what a retry, the queue or dead.letter read
 * from. A regular file is not copied: when it is needed again, it is
 * read again from a mark taken before the body left memory, through the
 * same state machine. A copy would cost a large message's whole size in
 * writes (and TMPDIR space) on every send, for the rare retry.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "fdio.h"
#include "spool.h"

#define SPOOL_IOBUF	65536
/*
 * The file's write buffer holds what one read of input can become
 * (every LF made CRLF), so that a message read while it is sent is
 * read back from it rather than from the file.
 */
#define SPOOL_WBUF	(2 * SPOOL_IOBUF + 16)

enum stage { ST_HEADER, ST_SEPARATOR, ST_BODY, ST_END };

/*
 * Where the body beyond SPOOL_MEM_MAX lives: nowhere yet, a temporary
 * file, or the caller's input itself when that is a regular file, read
 * again and converted again whenever it is read back a second time.
 */
enum store { STORE_MEM, STORE_FILE, STORE_SOURCE };

/* The line-end state machine, which a read-back from the source replays. */
struct conv {
	int		 cr_pending;	/* a CR waits to see if LF follows */
	int		 bol;		/* at the start of a line */
	int		 dot_pending;	/* "." at line start, maybe the end */
	int		 dotcr_pending;	/* ".\r" at line start */
	int		 done;		/* lone "." seen: ignore the rest */
};

/*
 * A point of the input from which the body can be made again: the input
 * offset, the state machine there and the body offset it produces next.
 */
struct mark {
	off_t		 in_off;
	struct conv	 cv;
	off_t		 body_off;
};

struct spool {
	struct buf	 header;	/* header block, CRLF lines */
	struct buf	 line;		/* header line being assembled */
	int		 in_header;	/* still reading the header block */
	int		 dot_ends;
	int		 eightbit;
	struct conv	 cv;

	/* body store: memory, then file or source */
	enum store	 store;
	char		*mem;
	size_t		 memlen;
	int		 fd;		/* the file; -1 unless STORE_FILE */
	off_t		 body_offset;	/* where the body starts in fd */
	char		*wbuf;
	size_t		 wlen;
	off_t		 body_size;

	/* reading back */
	enum stage	 stage;
	off_t		 rpos;

	/* the caller's input while it is not read to its end */
	int		 in_fd;		/* -1 once it is */
	char		*in;
	int		 in_failed;	/* a read failed: so do all later ones */
	struct err	 in_err;

	/* the input as a source (a regular file), which stays open */
	int		 src_fd;	/* -1: not a regular file */
	off_t		 src_off;	/* how far the input has been read */
	struct timespec	 src_mtime;
	struct mark	 start;		/* before the read that filled memory */
	int		 have_start;

	/* replaying the source: what it made last, from which point */
	struct mark	 rp;
	char		*rin;		/* its input, then rbuf */
	char		*rbuf;
	size_t		 rlen;
	int		 replaying;	/* body_add appends to rbuf */
};

static int
write_all(int fd, const char *p, size_t n, struct err *e)
{
	if (fd_write_all(fd, p, n) == -1)
		return err_set(e, EX_IOERR, "cannot write the temporary file: %s",
		    strerror(errno));
	return 0;
}

static int
body_spill(struct spool *sp, struct err *e)
{
	const char *dir;
	char path[4096];
	int fd;

	if ((sp->wbuf = malloc(SPOOL_WBUF)) == NULL)
		return err_nomem(e, "reading the message");
	/* A regular file can be read again: it needs no copy. */
	if (sp->have_start) {
		sp->store = STORE_SOURCE;
		return 0;
	}
	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/postie.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		return err_set(e, EX_IOERR,
		    "cannot create a temporary file in %s: %s", dir,
		    strerror(errno));
	/* Unlinked at once: nothing is left behind, whatever happens. */
	(void)unlink(path);
	sp->fd = fd;
	sp->store = STORE_FILE;
	if (write_all(fd, sp->mem, sp->memlen, e) == -1)
		return -1;
	free(sp->mem);
	sp->mem = NULL;
	sp->memlen = 0;
	return 0;
}

/* What the source holds is let go: it can be made again. */
static int
body_flush(struct spool *sp, struct err *e)
{
	if (sp->store == STORE_FILE && sp->wlen > 0 &&
	    write_all(sp->fd, sp->wbuf, sp->wlen, e) == -1)
		return -1;
	sp->wlen = 0;
	return 0;
}

static int
replay_add(struct spool *sp, const char *p, size_t n, struct err *e)
{
	if (n > SPOOL_WBUF - sp->rlen)
		return err_set(e, EX_SOFTWARE, "message replay overflows");
	memcpy(sp->rbuf + sp->rlen, p, n);
	sp->rlen += n;
	return 0;
}

static int
body_add(struct spool *sp, const char *p, size_t n, struct err *e)
{
	size_t room;

	if (sp->replaying)
		return replay_add(sp, p, n, e);
	sp->body_size += (off_t)n;
	if (sp->store == STORE_MEM) {
		if (sp->memlen + n <= SPOOL_MEM_MAX) {
			memcpy(sp->mem + sp->memlen, p, n);
			sp->memlen += n;
			return 0;
		}
		if (body_spill(sp, e) == -1)
			return -1;
	}
	while (n > 0) {
		if (sp->wlen == SPOOL_WBUF && body_flush(sp, e) == -1)
			return -1;
		room = SPOOL_WBUF - sp->wlen;
		if (room > n)
			room = n;
		memcpy(sp->wbuf + sp->wlen, p, room);
		sp->wlen += room;
		p += room;
		n -= room;
	}
	return 0;
}

/* A header field starts with printable non-colon bytes and a colon. */
static int
is_field_start(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == ':')
			return i > 0;
		if ((unsigned char)p[i] <= 32 || (unsigned char)p[i] >= 127)
			return 0;
	}
	return 0;
}

/* A complete header line (CRLF form) decides where the header ends. */
static int
header_line(struct spool *sp, struct err *e)
{
	const char *p = sp->line.data;
	size_t n = sp->line.len;
	int cont = n > 0 && (p[0] == ' ' || p[0] == '\t') && sp->header.len > 0;

	if (n == 2 && p[0] == '\r') {		/* the empty line */
		sp->in_header = 0;
		buf_reset(&sp->line);
		return 0;
	}
	if ((cont || is_field_start(p, n)) &&
	    sp->header.len + n <= SPOOL_HEADER_MAX) {
		if (buf_add(&sp->header, p, n) == -1)
			return err_nomem(e, "reading the message");
		buf_reset(&sp->line);
		return 0;
	}
	/* Not a header: the body starts here, without an empty line. */
	sp->in_header = 0;
	if (body_add(sp, p, n, e) == -1)
		return -1;
	buf_reset(&sp->line);
	return 0;
}

/* Sends normalised bytes to the header line or to the body. */
static int
emit(struct spool *sp, const char *p, size_t n, struct err *e)
{
	const char *nl;
	size_t take;

	while (n > 0 && sp->in_header) {
		nl = memchr(p, '\n', n);
		take = nl ? (size_t)(nl - p) + 1 : n;
		if (buf_add(&sp->line, p, take) == -1)
			return err_nomem(e, "reading the message");
		p += take;
		n -= take;
		if (nl != NULL) {
			if (header_line(sp, e) == -1)
				return -1;
		} else if (sp->line.len > SPOOL_HEADER_MAX) {
			sp->in_header = 0;
			if (body_add(sp, sp->line.data, sp->line.len, e) == -1)
				return -1;
			buf_reset(&sp->line);
		}
	}
	return n > 0 ? body_add(sp, p, n, e) : 0;
}

/*
 * Handles the byte after a pending CR or a "." at line start. Returns
 * 1 when the input ended at a lone ".", 0 when c was used up, 2 when c
 * still has to be handled as an ordinary byte.
 */
static int
feed_pending(struct spool *sp, char c, struct err *e)
{
	if (sp->cv.dotcr_pending) {
		sp->cv.dotcr_pending = 0;
		if (c == '\n')
			return 1;
		if (emit(sp, ".\r", 2, e) == -1)	/* a bare CR, kept */
			return -1;
	} else if (sp->cv.dot_pending) {
		sp->cv.dot_pending = 0;
		if (c == '\n')
			return 1;
		if (c == '\r') {
			sp->cv.dotcr_pending = 1;
			return 0;
		}
		if (emit(sp, ".", 1, e) == -1)
			return -1;
	} else if (sp->cv.cr_pending) {
		sp->cv.cr_pending = 0;
		if (c == '\n')
			return 2;		/* CRLF: the LF makes the line end */
		if (emit(sp, "\r", 1, e) == -1)	/* a bare CR, kept */
			return -1;
	}
	sp->cv.bol = 0;
	return 2;
}

/* True when a byte of p[0..n) has the high bit set, a word at a time. */
static int
has_8bit(const char *p, size_t n)
{
	uint64_t w, acc = 0;

	for (; n >= sizeof(w); p += sizeof(w), n -= sizeof(w)) {
		memcpy(&w, p, sizeof(w));
		acc |= w;
	}
	for (; n > 0; p++, n--)
		acc |= (unsigned char)*p;
	return (acc & UINT64_C(0x8080808080808080)) != 0;
}

/*
 * Length of the run of bytes before the next CR or LF. The next CR is
 * looked for once and remembered in *cr (NULL: none up to end), since
 * most input has none but the one before each LF, or none at all.
 */
static size_t
plain_run(const char *p, const char *end, const char **cr)
{
	const char *nl;
	size_t n = (size_t)(end - p);

	if (*cr != NULL && *cr < p)
		*cr = memchr(p, '\r', n);
	if ((nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p);
	if (*cr != NULL && (size_t)(*cr - p) < n)
		n = (size_t)(*cr - p);
	return n;
}

static int
spool_feed(struct spool *sp, const char *p, size_t n, struct err *e)
{
	const char *cr = memchr(p, '\r', n);
	size_t run;
	int r;

	while (n > 0 && !sp->cv.done) {
		if (sp->cv.dot_pending || sp->cv.dotcr_pending || sp->cv.cr_pending) {
			if ((r = feed_pending(sp, *p, e)) == -1)
				return -1;
			if (r == 1) {
				sp->cv.done = 1;
				return 0;
			}
			if (r == 0) {
				p++, n--;
				continue;
			}
		}
		if (*p == '\n') {
			if (emit(sp, "\r\n", 2, e) == -1)
				return -1;
			sp->cv.bol = 1;
			p++, n--;
			continue;
		}
		if (*p == '\r') {
			sp->cv.cr_pending = 1;
			p++, n--;
			continue;
		}
		if (*p == '.' && sp->cv.bol && sp->dot_ends) {
			sp->cv.dot_pending = 1;
			p++, n--;
			continue;
		}
		/* A run of ordinary bytes goes out in one piece. */
		run = plain_run(p, p + n, &cr);
		if (!sp->eightbit)
			sp->eightbit = has_8bit(p, run);
		if (emit(sp, p, run, e) == -1)
			return -1;
		sp->cv.bol = 0;
		p += run;
		n -= run;
	}
	return 0;
}

/*
 * At the end of input: a "." alone on the last line ends the message
 * even without its line end; a CR or an unfinished last line gets the
 * CRLF that DATA needs.
 */
static int
conv_finish(struct spool *sp, struct err *e)
{
	if (!sp->cv.done && !sp->cv.dot_pending && !sp->cv.dotcr_pending &&
	    (sp->cv.cr_pending || !sp->cv.bol))
		return emit(sp, "\r\n", 2, e);
	return 0;
}

static int
spool_finish(struct spool *sp, struct err *e)
{
	if (conv_finish(sp, e) == -1)
		return -1;
	sp->in_header = 0;
	return sp->store != STORE_MEM ? body_flush(sp, e) : 0;
}

int
spool_begin(struct spool **spp, int dot_ends, struct err *e)
{
	struct spool *sp;

	if ((sp = calloc(1, sizeof(*sp))) == NULL ||
	    (sp->mem = malloc(SPOOL_MEM_MAX)) == NULL) {
		free(sp);
		/* -1 said outright: the analyzer cannot see err_nomem's. */
		err_nomem(e, "reading the message");
		return -1;
	}
	sp->fd = -1;
	sp->in_fd = -1;
	sp->src_fd = -1;
	sp->in_header = 1;
	sp->cv.bol = 1;
	sp->dot_ends = dot_ends;
	*spp = sp;
	return 0;
}

int
spool_write(struct spool *sp, const void *p, size_t n, struct err *e)
{
	return spool_feed(sp, p, n, e);
}

int
spool_end(struct spool *sp, struct err *e)
{
	return spool_finish(sp, e);
}

/* One read of the caller's input. */
static ssize_t
read_input(struct spool *sp, struct err *e)
{
	ssize_t n;

	do
		n = read(sp->in_fd, sp->in, SPOOL_IOBUF);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return err_set(e, EX_IOERR, "cannot read the message: %s",
		    strerror(errno));
	return n;
}

/*
 * One read of the caller's input into the store; at its end the message
 * is complete and the input is let go. The write buffer is emptied into
 * the file first, so that all this read becomes is read back from the
 * buffer. A failure sticks: the message is incomplete for good, and
 * every later read says so again.
 */
static int
pull(struct spool *sp, struct err *e)
{
	ssize_t n = 0;

	if (sp->in_failed) {
		*e = sp->in_err;
		return -1;
	}
	/* The last point before the body leaves memory, to replay from. */
	if (sp->src_fd != -1 && sp->store == STORE_MEM && !sp->in_header) {
		sp->start.in_off = sp->src_off;
		sp->start.cv = sp->cv;
		sp->start.body_off = sp->body_size;
		sp->have_start = 1;
	}
	if ((sp->store != STORE_MEM && body_flush(sp, e) == -1) ||
	    (n = read_input(sp, e)) == -1 ||
	    (n > 0 && spool_feed(sp, sp->in, (size_t)n, e) == -1) ||
	    ((n == 0 || sp->cv.done) && spool_finish(sp, e) == -1)) {
		sp->in_failed = 1;
		sp->in_err = *e;
		return -1;
	}
	sp->src_off += n;
	if (n == 0 || sp->cv.done) {
		sp->in_fd = -1;
		free(sp->in);
		sp->in = NULL;
	}
	return 0;
}

int
spool_read(struct spool **spp, int fd, int dot_ends, struct err *e)
{
	struct spool *sp;
	struct stat st;
	off_t off;

	if (spool_begin(&sp, dot_ends, e) == -1)
		return -1;
	if ((sp->in = malloc(SPOOL_IOBUF)) == NULL) {
		spool_free(sp);
		return err_nomem(e, "reading the message");
	}
	sp->in_fd = fd;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (off = lseek(fd, 0, SEEK_CUR)) != -1) {
		sp->src_fd = fd;
		sp->src_off = off;
		sp->src_mtime = st.st_mtim;
	}
	/* The header block whole; the body while it fits in memory. */
	while (sp->in_fd != -1 && (sp->in_header || sp->store == STORE_MEM))
		if (pull(sp, e) == -1) {
			spool_free(sp);
			return -1;
		}
	*spp = sp;
	return 0;
}

int
spool_drain(struct spool *sp, struct err *e)
{
	while (sp->in_fd != -1)
		if (pull(sp, e) == -1)
			return -1;
	return 0;
}

/* Reads the header block of a file in sending form: up to CRLF CRLF. */
static int
read_file_header(struct spool *sp, struct err *e)
{
	char chunk[4096], *end;
	ssize_t n;
	off_t off = 0;

	for (;;) {
		n = pread(sp->fd, chunk, sizeof(chunk), off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return err_set(e, EX_IOERR, "cannot read the queued "
			    "message: %s", strerror(errno));
		if (n == 0 || sp->header.len > SPOOL_HEADER_MAX)
			return err_set(e, EX_DATAERR, "queued message has no "
			    "end of header");
		if (buf_add(&sp->header, chunk, (size_t)n) == -1)
			return err_nomem(e, "reading the queued message");
		off += n;
		/* An empty header block: the file starts with the empty line. */
		if (sp->header.len >= 2 && memcmp(sp->header.data, "\r\n", 2) == 0) {
			sp->header.len = 0;
			sp->body_offset = 2;
			return 0;
		}
		if ((end = memmem(sp->header.data, sp->header.len, "\r\n\r\n",
		    4)) != NULL) {
			sp->header.len = (size_t)(end - sp->header.data) + 2;
			sp->header.data[sp->header.len] = '\0';
			sp->body_offset = (off_t)sp->header.len + 2;
			return 0;
		}
	}
}

int
spool_open_file(struct spool **spp, int fd, struct err *e)
{
	struct spool *sp;
	struct stat st;
	size_t i;

	if ((sp = calloc(1, sizeof(*sp))) == NULL) {
		close(fd);
		return err_nomem(e, "reading the queued message");
	}
	sp->store = STORE_FILE;
	sp->fd = fd;
	sp->in_fd = -1;
	sp->src_fd = -1;
	if (fstat(fd, &st) == -1) {
		err_set(e, EX_IOERR, "cannot read the queued message: %s",
		    strerror(errno));
		goto fail;
	}
	if (read_file_header(sp, e) == -1)
		goto fail;
	sp->body_size = st.st_size - sp->body_offset;
	/* 8-bit matters only for BODY=, which the header tells as well. */
	for (i = 0; i < sp->header.len; i++)
		if ((unsigned char)sp->header.data[i] >= 0x80)
			sp->eightbit = 1;
	*spp = sp;
	return 0;
fail:
	spool_free(sp);
	return -1;
}

const char *
spool_header(const struct spool *sp, size_t *len)
{
	*len = sp->header.len;
	return sp->header.data != NULL ? sp->header.data : "";
}

int
spool_set_header(struct spool *sp, const char *p, size_t n, struct err *e)
{
	struct buf nb = BUF_INIT;

	if (buf_add(&nb, p, n) == -1)
		return err_nomem(e, "editing the header");
	buf_free(&sp->header);
	sp->header = nb;
	for (; n > 0; p++, n--)
		if ((unsigned char)*p >= 0x80)
			sp->eightbit = 1;
	return 0;
}

int
spool_is_8bit(const struct spool *sp)
{
	return sp->eightbit || sp->in_fd != -1;
}

off_t
spool_body_size(const struct spool *sp)
{
	return sp->in_fd != -1 ? -1 : sp->body_size;
}

off_t
spool_size(const struct spool *sp)
{
	return sp->in_fd != -1 ? -1 : (off_t)sp->header.len + 2 + sp->body_size;
}

int
spool_rewind(struct spool *sp, struct err *e)
{
	sp->stage = ST_HEADER;
	sp->rpos = 0;
	return 0;
}

/*
 * Replaying starts again from the start mark, so the source must still
 * hold what was read from it: a file changed since is not sent half old,
 * half new.
 */
static int
replay_start(struct spool *sp, struct err *e)
{
	struct stat st;

	if (sp->rin == NULL) {
		if ((sp->rin = malloc(SPOOL_IOBUF + SPOOL_WBUF)) == NULL)
			return err_nomem(e, "reading the message again");
		sp->rbuf = sp->rin + SPOOL_IOBUF;
	}
	if (fstat(sp->src_fd, &st) == -1)
		return err_set(e, EX_IOERR, "cannot read the message again: %s",
		    strerror(errno));
	if (st.st_mtim.tv_sec != sp->src_mtime.tv_sec ||
	    st.st_mtim.tv_nsec != sp->src_mtime.tv_nsec ||
	    st.st_size < sp->src_off)
		return err_set(e, EX_IOERR, "the message file changed while "
		    "it was read; it cannot be read again");
	sp->rp = sp->start;
	sp->rlen = 0;
	return 0;
}

/*
 * The next piece of the source, converted into rbuf by the same state
 * machine as on the first pass, from the state the replay left it in.
 * Reading stops where the first pass stopped.
 */
static int
replay_more(struct spool *sp, struct err *e)
{
	struct conv live = sp->cv;
	ssize_t n = 0;
	off_t left = sp->src_off - sp->rp.in_off;
	int rc;

	sp->rp.body_off += (off_t)sp->rlen;
	sp->rlen = 0;
	if (left > 0 && !sp->rp.cv.done) {
		do
			n = pread(sp->src_fd, sp->rin, left < SPOOL_IOBUF ?
			    (size_t)left : SPOOL_IOBUF, sp->rp.in_off);
		while (n == -1 && errno == EINTR);
		if (n == -1)
			return err_set(e, EX_IOERR, "cannot read the message "
			    "again: %s", strerror(errno));
		if (n == 0)
			return err_set(e, EX_IOERR, "the message file got "
			    "shorter while it was read");
		sp->rp.in_off += n;
	} else if (sp->rp.cv.done || sp->in_fd != -1)
		return err_set(e, EX_IOERR, "the message file gives less than "
		    "it gave before");
	sp->cv = sp->rp.cv;
	sp->replaying = 1;
	if (n > 0)
		rc = spool_feed(sp, sp->rin, (size_t)n, e);
	else {
		rc = conv_finish(sp, e);
		sp->cv.done = 1;
	}
	sp->rp.cv = sp->cv;
	sp->replaying = 0;
	sp->cv = live;
	return rc;
}

/* The body at rpos made again from the source, up to cap bytes. */
static ssize_t
replay_read(struct spool *sp, char *p, size_t cap, struct err *e)
{
	off_t end;

	if ((sp->rin == NULL || sp->rpos < sp->rp.body_off) &&
	    replay_start(sp, e) == -1)
		return -1;
	while (sp->rpos >= (end = sp->rp.body_off + (off_t)sp->rlen))
		if (replay_more(sp, e) == -1)
			return -1;
	if ((off_t)cap > end - sp->rpos)
		cap = (size_t)(end - sp->rpos);
	memcpy(p, sp->rbuf + (sp->rpos - sp->rp.body_off), cap);
	return (ssize_t)cap;
}

/*
 * The body from rpos on: memory, the file or the source, or the write
 * buffer for what is not in them yet; past what is stored, more of the
 * input.
 */
static ssize_t
body_read(struct spool *sp, char *p, size_t cap, struct err *e)
{
	off_t flushed;
	ssize_t n;

	while (sp->rpos == sp->body_size && sp->in_fd != -1)
		if (pull(sp, e) == -1)
			return -1;
	if ((off_t)cap > sp->body_size - sp->rpos)
		cap = (size_t)(sp->body_size - sp->rpos);
	if (cap == 0)
		return 0;
	if (sp->rpos < (off_t)sp->memlen) {
		if ((off_t)cap > (off_t)sp->memlen - sp->rpos)
			cap = sp->memlen - (size_t)sp->rpos;
		memcpy(p, sp->mem + sp->rpos, cap);
		return (ssize_t)cap;
	}
	flushed = sp->body_size - (off_t)sp->wlen;
	if (sp->rpos >= flushed) {
		memcpy(p, sp->wbuf + (sp->rpos - flushed), cap);
		return (ssize_t)cap;
	}
	if ((off_t)cap > flushed - sp->rpos)
		cap = (size_t)(flushed - sp->rpos);
	if (sp->store == STORE_SOURCE)
		return replay_read(sp, p, cap, e);
	do
		n = pread(sp->fd, p, cap, sp->body_offset + sp->rpos);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return err_set(e, EX_IOERR, "cannot read the temporary file: %s",
		    strerror(errno));
	if (n == 0)
		return err_set(e, EX_IOERR, "temporary file is shorter than expected");
	return n;
}

ssize_t
spool_read_message(struct spool *sp, void *out, size_t cap, struct err *e)
{
	char *p = out;
	size_t n;
	ssize_t r;

	for (;;) {
		switch (sp->stage) {
		case ST_HEADER:
			if ((size_t)sp->rpos < sp->header.len) {
				n = sp->header.len - (size_t)sp->rpos;
				if (n > cap)
					n = cap;
				memcpy(p, sp->header.data + sp->rpos, n);
				sp->rpos += (off_t)n;
				return (ssize_t)n;
			}
			sp->stage = ST_SEPARATOR;
			sp->rpos = 0;
			break;
		case ST_SEPARATOR:
			if (cap < 2)
				return err_set(e, EX_SOFTWARE, "read buffer too small");
			memcpy(p, "\r\n", 2);
			sp->stage = ST_BODY;
			return 2;
		case ST_BODY:
			if ((r = body_read(sp, p, cap, e)) > 0)
				sp->rpos += r;
			if (r != 0)
				return r;
			sp->stage = ST_END;
			break;
		case ST_END:
			return 0;
		}
	}
}

void
spool_free(struct spool *sp)
{
	if (sp == NULL)
		return;
	buf_free(&sp->header);
	buf_free(&sp->line);
	free(sp->mem);
	free(sp->wbuf);
	free(sp->in);
	free(sp->rin);
	if (sp->fd != -1)
		close(sp->fd);
	free(sp);
}
