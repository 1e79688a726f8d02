/*
 * Spool: what goes in through a pipe, what comes back out. Line ends,
 * the lone dot, header/body split, spilling to a file, a large body
 * read while it is read back, a regular file read again instead of
 * copied.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "spool.h"
#include "t.h"

/*
 * Feeds input through a pipe (from a child) and reads the message into
 * a spool; *fdp gets the pipe's end, which a large body still needs.
 */
static struct spool *
spool_open_pipe(const char *in, size_t len, int dot_ends, int *fdp)
{
	struct spool *sp = NULL;
	struct err e;
	int fds[2];
	pid_t pid;

	if (pipe(fds) == -1)
		return NULL;
	if ((pid = fork()) == 0) {
		close(fds[0]);
		while (len > 0) {
			ssize_t n = write(fds[1], in, len > 4096 ? 4096 : len);
			if (n <= 0)
				_exit(1);
			in += n;
			len -= (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	if (spool_read(&sp, fds[0], dot_ends, &e) == -1)
		sp = NULL;
	*fdp = fds[0];
	return sp;
}

/* The same, read to the end of input. */
static struct spool *
spool_from(const char *in, size_t len, int dot_ends)
{
	struct spool *sp;
	struct err e;
	int fd;

	sp = spool_open_pipe(in, len, dot_ends, &fd);
	if (sp != NULL && spool_drain(sp, &e) == -1) {
		spool_free(sp);
		sp = NULL;
	}
	close(fd);
	return sp;
}

static char *
read_back(struct spool *sp, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[7];		/* small, to cross every boundary */
	struct err e;
	ssize_t n;

	spool_rewind(sp, &e);
	while ((n = spool_read_message(sp, chunk, sizeof(chunk), &e)) > 0)
		buf_add(&b, chunk, (size_t)n);
	*len = b.len;
	return b.data ? b.data : strdup("");
}

struct spool_case {
	const char	*label;
	const char	*in;
	int		 dot_ends;
	const char	*header;
	const char	*out;
};

static const struct spool_case cases[] = {
	{ "LF to CRLF", "A: 1\nB: 2\n\nbody\n", 1, "A: 1\r\nB: 2\r\n",
	    "A: 1\r\nB: 2\r\n\r\nbody\r\n" },
	{ "CRLF kept, never CRCRLF", "A: 1\r\n\r\nx\r\n", 1, "A: 1\r\n",
	    "A: 1\r\n\r\nx\r\n" },
	{ "mixed CRLF header, LF body", "A: 1\r\nB: 2\r\n\r\nl1\nl2\n", 1,
	    "A: 1\r\nB: 2\r\n", "A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n" },
	{ "bare CR kept", "A: 1\n\na\rb\n", 1, "A: 1\r\n",
	    "A: 1\r\n\r\na\rb\r\n" },
	{ "no final newline", "A: 1\n\nlast", 1, "A: 1\r\n",
	    "A: 1\r\n\r\nlast\r\n" },
	{ "lone dot ends input", "A: 1\n\nx\n.\nafter\n", 1, "A: 1\r\n",
	    "A: 1\r\n\r\nx\r\n" },
	{ "lone dot CRLF ends input", "A: 1\n\nx\r\n.\r\nafter\n", 1,
	    "A: 1\r\n", "A: 1\r\n\r\nx\r\n" },
	{ "lone dot kept with -i", "A: 1\n\nx\n.\nafter\n", 0, "A: 1\r\n",
	    "A: 1\r\n\r\nx\r\n.\r\nafter\r\n" },
	{ "dot lines are content", "A: 1\n\n..\n.x\n", 1, "A: 1\r\n",
	    "A: 1\r\n\r\n..\r\n.x\r\n" },
	{ "lone dot at EOF without newline", "A: 1\n\nx\n.", 1, "A: 1\r\n",
	    "A: 1\r\n\r\nx\r\n" },
	{ "folded header", "A: 1\n  more\nB: 2\n\nb\n", 1,
	    "A: 1\r\n  more\r\nB: 2\r\n", "A: 1\r\n  more\r\nB: 2\r\n\r\nb\r\n" },
	{ "no header block", "just text\nmore\n", 1, "",
	    "\r\njust text\r\nmore\r\n" },
	{ "header ends at a non-header line", "A: 1\nnot a header\n", 1,
	    "A: 1\r\n", "A: 1\r\n\r\nnot a header\r\n" },
	{ "empty input", "", 1, "", "\r\n" },
	{ "header only", "Subject: x\n", 1, "Subject: x\r\n",
	    "Subject: x\r\n\r\n" },
	{ "empty body", "A: 1\n\n", 1, "A: 1\r\n", "A: 1\r\n\r\n" },
	{ "starts with empty line", "\nbody\n", 1, "", "\r\nbody\r\n" },
	{ "8-bit and NUL pass", "A: 1\n\n\xc3\xa9\0z\n", 1, "A: 1\r\n",
	    "A: 1\r\n\r\n\xc3\xa9\0z\r\n" },
};

static void
test_cases(void)
{
	const struct spool_case *c;
	struct spool *sp;
	const char *h;
	char *out;
	size_t i, hlen, len, inlen, outlen;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = &cases[i];
		inlen = strlen(c->in);
		outlen = strlen(c->out);
		if (strcmp(c->label, "8-bit and NUL pass") == 0)
			inlen = 11, outlen = 14;
		sp = spool_from(c->in, inlen, c->dot_ends);
		T_CHECK(c->label, sp != NULL);
		if (sp == NULL)
			continue;
		h = spool_header(sp, &hlen);
		T_CHECK(c->label, hlen == strlen(c->header) &&
		    memcmp(h, c->header, hlen) == 0);
		out = read_back(sp, &len);
		T_CHECK(c->label, len == outlen && memcmp(out, c->out, len) == 0);
		T_CHECK(c->label, spool_size(sp) == (off_t)outlen);
		free(out);
		spool_free(sp);
	}
}

/* A body of n bytes of text lines behind "A: 1", and its CRLF form. */
static char *
large_input(size_t n, struct buf *want)
{
	char *in = malloc(n);
	size_t i;

	for (i = 0; i < n; i++)
		in[i] = (i % 80 == 79) ? '\n' : (char)('a' + i % 26);
	memcpy(in, "A: 1\n\n", 6);
	buf_addstr(want, "A: 1\r\n\r\n");
	for (i = 6; i < n; i++)
		in[i] == '\n' ? buf_add(want, "\r\n", 2) : buf_addch(want, in[i]);
	if (in[n - 1] != '\n')
		buf_add(want, "\r\n", 2);
	return in;
}

static void
test_large(void)
{
	size_t n = 3 * SPOOL_MEM_MAX + 17, len;
	struct buf want = BUF_INIT;
	char *in = large_input(n, &want), *out;
	struct spool *sp;

	sp = spool_from(in, n, 1);
	T_CHECK("large body spooled", sp != NULL);
	out = read_back(sp, &len);
	T_CHECK("large body byte-exact", len == want.len &&
	    memcmp(out, want.data, len) == 0);
	T_CHECK("large body size", (size_t)spool_size(sp) == len);
	buf_free(&want);
	T_CHECK("large body ends CRLF", len > 2 && out[len - 2] == '\r' &&
	    out[len - 1] == '\n');
	T_CHECK("8-bit flag off for ASCII", !spool_is_8bit(sp));
	free(out);
	spool_free(sp);
	free(in);
}

/*
 * A body past SPOOL_MEM_MAX is read as it is read back: size and 8-bit
 * unknown until then, the same bytes on every read-back after.
 */
static void
test_streamed(void)
{
	size_t n = 5 * SPOOL_MEM_MAX + 3, len;
	struct buf want = BUF_INIT;
	char *in = large_input(n, &want), *out;
	struct spool *sp;
	int fd;

	sp = spool_open_pipe(in, n, 0, &fd);
	T_CHECK("streamed: spooled", sp != NULL);
	T_CHECK("streamed: size unknown", spool_size(sp) == -1);
	T_CHECK("streamed: body size unknown", spool_body_size(sp) == -1);
	T_CHECK("streamed: may be 8-bit", spool_is_8bit(sp));
	out = read_back(sp, &len);
	T_CHECK("streamed: byte-exact", len == want.len &&
	    memcmp(out, want.data, len) == 0);
	T_CHECK("streamed: size known", (size_t)spool_size(sp) == len);
	T_CHECK("streamed: 7-bit known", !spool_is_8bit(sp));
	free(out);
	out = read_back(sp, &len);
	T_CHECK("streamed: read back again", len == want.len &&
	    memcmp(out, want.data, len) == 0);
	free(out);
	spool_free(sp);
	close(fd);
	buf_free(&want);
	free(in);
}

/* The input fails after the head: every later read fails, EX_IOERR. */
static void
test_stream_error(void)
{
	size_t n = 2 * SPOOL_MEM_MAX, len;
	struct buf want = BUF_INIT;
	char *in = large_input(n, &want), chunk[4096];
	struct spool *sp;
	struct err e;
	ssize_t r = 0;
	int fd, dir;

	sp = spool_open_pipe(in, n, 0, &fd);
	T_CHECK("stream error: spooled", sp != NULL);
	/* A directory in the input's place: read() fails with EISDIR. */
	dir = open(".", O_RDONLY | O_DIRECTORY);
	T_CHECK("stream error: directory", dir != -1 && dup2(dir, fd) == fd);
	spool_rewind(sp, &e);
	for (len = 0; (r = spool_read_message(sp, chunk, sizeof(chunk),
	    &e)) > 0; len += (size_t)r)
		;
	T_CHECK("stream error: read fails", r == -1 && e.ex == EX_IOERR);
	T_CHECK("stream error: after what was read", len > SPOOL_MEM_MAX &&
	    len < want.len);
	T_CHECK("stream error: drain fails too", spool_drain(sp, &e) == -1 &&
	    e.ex == EX_IOERR && strstr(e.msg, "cannot read the message") != NULL);
	T_CHECK("stream error: size still unknown", spool_size(sp) == -1);
	spool_free(sp);
	close(dir);
	close(fd);
	buf_free(&want);
	free(in);
}

/*
 * A message with every case the line-end machine has, over and over,
 * past SPOOL_MEM_MAX: dot lines, CRLF and LF, bare CRs. A first line of
 * shift bytes moves where the input's reads fall in that cycle. With
 * dot_ends, a lone "." line ends it, and what follows is ignored;
 * without, its last line has no line end.
 */
static char *
source_input(size_t *np, int dot_ends, size_t shift, size_t size,
    struct buf *want)
{
	static const char *lines[] = {
		"plain line of text\n", ".dot first\n", "crlf line\r\n",
		"bare\rcr\n", "..\n", ".\r.\n", "x\n", "\n", "ends in cr\r",
		"\n", ".\rnot the end\n",
	};
	struct buf in = BUF_INIT;
	size_t i;
	const char *p;

	buf_addstr(&in, "Subject: source\n\n");
	for (i = 0; i < shift; i++)
		buf_addch(&in, i + 1 < shift ? 's' : '\n');
	/* Whole lines, so that a "." after them is a line of its own. */
	for (i = 0; in.len < size || in.data[in.len - 1] != '\n'; i++)
		buf_addstr(&in, lines[i % 11]);
	for (p = in.data; p < in.data + in.len; p++)
		if (*p == '\n' && p[-1] != '\r')
			buf_add(want, "\r\n", 2);
		else
			buf_addch(want, *p);
	if (dot_ends)
		buf_addstr(&in, ".\nnot part of the message\n");
	else {
		buf_addstr(&in, "no line end");
		buf_addstr(want, "no line end\r\n");
	}
	*np = in.len;
	return in.data;
}

/* A regular file holding junk, then the message; fd at the message. */
static int
source_file(const char *in, size_t n)
{
	char path[] = "/tmp/postie-source.XXXXXX";
	int fd;

	if ((fd = mkstemp(path)) == -1)
		return -1;
	unlink(path);
	if (write(fd, "junk line\n", 10) != 10 ||
	    write(fd, in, n) != (ssize_t)n || lseek(fd, 10, SEEK_SET) != 10) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The whole message back, in pieces of cap bytes. */
static char *
read_back_by(struct spool *sp, size_t cap, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192];
	struct err e;
	ssize_t n;

	spool_rewind(sp, &e);
	while ((n = spool_read_message(sp, chunk, cap, &e)) > 0)
		buf_add(&b, chunk, (size_t)n);
	*len = b.len;
	if (n == -1) {
		buf_free(&b);
		return NULL;
	}
	return b.data ? b.data : strdup("");
}

/*
 * One message from a regular file: read while read back, then read
 * again from the file on the next read-back (or on every read-back,
 * when drained first); true when all were byte-exact.
 */
static int
source_case(int dot_ends, int drained, size_t shift, size_t size,
    size_t cap)
{
	struct buf want = BUF_INIT;
	struct spool *sp = NULL;
	struct err e;
	char *in, *a = NULL, *b = NULL;
	size_t n, alen = 0, blen = 0;
	int fd, ok;

	in = source_input(&n, dot_ends, shift, size, &want);
	ok = (fd = source_file(in, n)) != -1 &&
	    spool_read(&sp, fd, dot_ends, &e) == 0 &&
	    spool_size(sp) == -1 &&
	    (!drained || spool_drain(sp, &e) == 0) &&
	    (a = read_back_by(sp, cap, &alen)) != NULL &&
	    spool_size(sp) == (off_t)want.len &&
	    (b = read_back_by(sp, cap + 1, &blen)) != NULL &&
	    alen == want.len && memcmp(a, want.data, alen) == 0 &&
	    blen == want.len && memcmp(b, want.data, blen) == 0;
	free(a);
	free(b);
	spool_free(sp);
	if (fd != -1)
		close(fd);
	buf_free(&want);
	free(in);
	return ok;
}

/*
 * Read from a regular file, a large body is not copied (TMPDIR names
 * no directory) but read again from the file, from the offset the
 * input was at, into the same bytes: with the input's reads falling at
 * every point of the line cycle, so that each state of the line-end
 * machine is where a replay starts.
 */
static void
test_source(void)
{
	size_t shift, bad = 0;
	int dot_ends, drained;

	setenv("TMPDIR", "/nonexistent/postie-test", 1);
	for (dot_ends = 0; dot_ends <= 1; dot_ends++)
		for (drained = 0; drained <= 1; drained++)
			T_CHECK("source: 5 x memory, in pieces of 7",
			    source_case(dot_ends, drained, 0,
			    5 * SPOOL_MEM_MAX, 7));
	for (shift = 0; shift < 85; shift++)
		bad += !source_case(1, 0, shift, 2 * SPOOL_MEM_MAX, 4096);
	T_CHECK("source: every shift of the line cycle", bad == 0);
	unsetenv("TMPDIR");
}

/*
 * A file changed after it was read is not read again: a second
 * read-back fails with EX_IOERR rather than send other bytes. Changed:
 * touched, cut short, or cut short with its time set back.
 */
static void
test_source_changed(void)
{
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000000, 0 } };
	struct buf want = BUF_INIT, b = BUF_INIT;
	struct spool *sp;
	struct stat st;
	struct err e;
	char *in, *out, chunk[4096];
	size_t n, len;
	ssize_t r;
	int fd, how;

	for (how = 0; how < 3; how++) {
		buf_reset(&want);
		buf_reset(&b);
		in = source_input(&n, 0, 0, 5 * SPOOL_MEM_MAX, &want);
		fd = source_file(in, n);
		T_CHECK("changed: spooled", fd != -1 &&
		    spool_read(&sp, fd, 0, &e) == 0);
		out = read_back(sp, &len);
		T_CHECK("changed: first read-back whole", len == want.len);
		free(out);
		T_CHECK("changed: stat", fstat(fd, &st) == 0);
		if (how > 0)
			T_CHECK("changed: cut", ftruncate(fd, 200000) == 0);
		if (how == 2)
			times[1] = st.st_mtim;
		if (how != 1)
			T_CHECK("changed: time set", futimens(fd, times) == 0);
		spool_rewind(sp, &e);
		while ((r = spool_read_message(sp, chunk, sizeof(chunk),
		    &e)) > 0)
			buf_add(&b, chunk, (size_t)r);
		T_CHECK("changed: read-back fails", r == -1 &&
		    e.ex == EX_IOERR && strstr(e.msg, "changed") != NULL);
		T_CHECK("changed: after what memory holds", b.len <
		    SPOOL_MEM_MAX + 100);
		spool_free(sp);
		close(fd);
		free(in);
	}
	buf_free(&want);
	buf_free(&b);
}

static void
test_set_header(void)
{
	struct spool *sp = spool_from("A: 1\n\nb\n", 8, 1);
	struct err e;
	char *out;
	size_t len;

	T_CHECK("set_header", spool_set_header(sp, "B: 2\r\n", 6, &e) == 0);
	out = read_back(sp, &len);
	T_CHECK("edited header read back", len == 11 &&
	    memcmp(out, "B: 2\r\n\r\nb\r\n", 11) == 0);
	free(out);
	out = read_back(sp, &len);
	T_CHECK("read back twice", len == 11);
	free(out);
	spool_free(sp);
}

/* A file in sending form opens as a spool without a copy. */
static void
test_open_file(void)
{
	static const char *files[][2] = {
		{ "A: 1\r\nB: 2\r\n\r\nbody\r\n", "A: 1\r\nB: 2\r\n" },
		{ "\r\nonly body\r\n", "" },
		{ "A: 1\r\n\r\n", "A: 1\r\n" },
	};
	char path[] = "/tmp/postie-spool.XXXXXX";
	struct spool *sp;
	struct err e;
	const char *h;
	char *out;
	size_t i, hlen, len;
	int fd;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if ((fd = mkstemp(path)) == -1)
			return;
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
		if (write(fd, files[i][0], strlen(files[i][0])) < 0)
			return;
		T_CHECK("open_file", spool_open_file(&sp, fd, &e) == 0);
		h = spool_header(sp, &hlen);
		T_CHECK("open_file: header", hlen == strlen(files[i][1]) &&
		    memcmp(h, files[i][1], hlen) == 0);
		out = read_back(sp, &len);
		T_CHECK("open_file: same bytes back", len == strlen(files[i][0])
		    && memcmp(out, files[i][0], len) == 0);
		free(out);
		spool_free(sp);
	}
	fd = mkstemp(path);
	unlink(path);
	if (write(fd, "A: 1\r\nno end\r\n", 14) < 0)
		return;
	T_CHECK("open_file: no end of header", spool_open_file(&sp, fd,
	    &e) == -1);
}

int
main(void)
{
	test_open_file();
	test_cases();
	test_large();
	test_streamed();
	test_stream_error();
	test_source();
	test_source_changed();
	test_set_header();
	return t_done();
}
