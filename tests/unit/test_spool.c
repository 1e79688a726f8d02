/*
 * Spool: what goes in through a pipe, what comes back out. Line ends,
 * the lone dot, header/body split, spilling to a file, a large body
 * read while it is read back.
 */
#include "config.h"

#include <fcntl.h>
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
	test_set_header();
	return t_done();
}
