/*
 * Fuzz target: the message spool. The input, repeated until its body is
 * past what the spool keeps in memory, is read as from the caller (so
 * the rest is pulled in while it is read back) from a regular file,
 * which is read again rather than copied, and from a pipe, which is
 * copied; and, the same bytes, pushed in pieces as -bs does. All must
 * give the same message, in CRLF form, read back twice in odd-sized
 * pieces, with its size and 8-bit flag right once the input is all read.
 */
#include "config.h"

#include <sys/mman.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "spool.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The whole message back, in pieces of cap bytes; NULL on error. */
static char *
read_back(struct spool *sp, size_t cap, size_t *len)
{
	struct buf b = BUF_INIT;
	struct err e;
	char chunk[4096];
	ssize_t n;

	if (spool_rewind(sp, &e) == -1)
		return NULL;
	while ((n = spool_read_message(sp, chunk, cap, &e)) > 0)
		if (buf_add(&b, chunk, (size_t)n) == -1)
			abort();
	if (n == -1) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data != NULL ? b.data : strdup("");
}

static void
check_form(const char *m, size_t len, const struct spool *sp)
{
	size_t i;
	int high = 0;

	if (len < 2 || m[len - 2] != '\r' || m[len - 1] != '\n')
		abort();			/* ends with CRLF */
	for (i = 0; i < len; i++) {
		if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r'))
			abort();		/* no bare LF */
		high |= (unsigned char)m[i] >= 0x80;
	}
	if (spool_size(sp) != (off_t)len || spool_is_8bit(sp) != high)
		abort();
}

/* The message through a pipe large enough to hold it all. */
static int
piped(struct spool **spp, const char *msg, size_t n, int dot_ends)
{
	struct err e;
	int fds[2], rc;

	if (pipe(fds) == -1 || fcntl(fds[1], F_SETPIPE_SZ, 1 << 18) == -1 ||
	    write(fds[1], msg, n) != (ssize_t)n)
		abort();
	close(fds[1]);
	rc = spool_read(spp, fds[0], dot_ends, &e) == 0 &&
	    spool_drain(*spp, &e) == 0;
	close(fds[0]);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[SPOOL_MEM_MAX + 3 * 4096];
	struct spool *pulled = NULL, *pushed = NULL, *viapipe = NULL;
	char *a = NULL, *b = NULL, *again = NULL, *c = NULL;
	size_t alen = 0, blen = 0, glen = 0, clen = 0, n, piece, off, cap;
	struct err e;
	int fd, dot_ends;

	if (size < 2)
		return 0;
	dot_ends = data[0] & 1;
	piece = 1 + (size_t)(data[0] >> 1) * 16;
	cap = 2 + (size_t)data[1] * 16;
	data += 2;
	size -= 2;
	if (size > 4096)
		size = 4096;
	/* "A: 1" then the input again and again: past SPOOL_MEM_MAX. */
	memcpy(msg, "A: 1\n\n", 6);
	for (n = 6; size > 0 && n < SPOOL_MEM_MAX + 4096; n += size)
		memcpy(msg + n, data, size);
	if ((fd = memfd_create("fuzz_spool", MFD_CLOEXEC)) == -1 ||
	    write(fd, msg, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0 ||
	    spool_read(&pulled, fd, dot_ends, &e) == -1 ||
	    spool_begin(&pushed, dot_ends, &e) == -1 ||
	    !piped(&viapipe, msg, n, dot_ends))
		abort();
	a = read_back(pulled, cap, &alen);
	again = read_back(pulled, 3 + cap % 997, &glen);
	c = read_back(viapipe, cap, &clen);
	/* The same bytes pushed in pieces. */
	for (off = 0; off < n; off += piece)
		if (spool_write(pushed, msg + off, n - off < piece ? n - off :
		    piece, &e) == -1)
			abort();
	if (spool_end(pushed, &e) == -1)
		abort();
	b = read_back(pushed, cap, &blen);
	if (a == NULL || b == NULL || again == NULL || c == NULL ||
	    alen != blen || memcmp(a, b, alen) != 0 || glen != alen ||
	    memcmp(a, again, alen) != 0 || clen != alen ||
	    memcmp(a, c, alen) != 0)
		abort();
	check_form(a, alen, pulled);
	check_form(b, blen, pushed);
	check_form(c, clen, viapipe);
	free(a);
	free(b);
	free(c);
	free(again);
	spool_free(pulled);
	spool_free(pushed);
	spool_free(viapipe);
	close(fd);
	return 0;
}
