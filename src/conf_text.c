/*
 * The configuration text. libconfuse (3.3 at least) miscounts lines
 * after comments (a "#" line counts three) and handles include() itself,
 * so errors would point at the wrong line and included files could not
 * be fstat'ed for the permission rule. So postie reads every file itself,
 * drops the comments (keeping line breaks), splices include("FILE") in
 * place, and hands libconfuse one text without comments, whose line
 * count it gets right. map[] turns a line of that text back into the
 * file and line it came from. The scanner follows libconfuse's lexer
 * (lexer.l) for what starts a comment or a string.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include <confuse.h>

#include "buf.h"
#include "conf_text.h"
#include "err.h"

#define NONE		((size_t)-1)
#define INCLUDE_MAX	10		/* nesting, as libconfuse allows */
#define FILE_MAX	(1024 * 1024)	/* a larger config file is a mistake */
#define TOTAL_MAX	(4 * FILE_MAX)	/* all files, as includes can repeat */

struct conf_srcfile {
	char		*name;
	struct stat	 st;
	int		 pwline;	/* line of a non-empty password, or 0 */
};

/* Where a key was last set, in lines of the text. */
struct conf_mark {
	const void	*owner;
	const char	*key;
	int		 line;
};

/* A file being copied into the text. */
struct scan {
	struct conf_text	*p;
	size_t			 file;
	const char		*t;	/* NUL-terminated file contents */
	size_t			 i;
	int			 line;
};

static void *
grow(void *ptr, size_t *cap, size_t need, size_t size)
{
	size_t n;

	if (need <= *cap)
		return ptr;
	n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	if ((ptr = reallocarray(ptr, n, size)) != NULL)
		*cap = n;
	return ptr;
}

int
conf_text_nomem(struct conf_text *p)
{
	p->failed = 1;
	return err_nomem(p->e, "reading the configuration");
}

int
conf_text_error(struct conf_text *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(p->e, EX_CONFIG, fmt, ap);
	va_end(ap);
	p->failed = 1;
	return -1;
}

static int	text_fail(struct conf_text *, size_t, int, const char *, ...)
		    __attribute__((__format__(printf, 4, 5)));

/* Sets "file:line: what" (or "file: what" when line is 0). */
static int
text_fail(struct conf_text *p, size_t file, int line, const char *fmt, ...)
{
	char msg[sizeof(p->e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->failed = 1;
	if (line > 0)
		return err_set(p->e, EX_CONFIG, "%s:%d: %s",
		    p->files[file].name, line, msg);
	return err_set(p->e, EX_CONFIG, "%s: %s", p->files[file].name, msg);
}

static int
map_push(struct conf_text *p, size_t file, int line)
{
	struct conf_lineref *m;

	if ((m = grow(p->map, &p->mapcap, p->nmap + 1, sizeof(*m))) == NULL)
		return conf_text_nomem(p);
	p->map = m;
	m[p->nmap].file = file;
	m[p->nmap].line = line;
	p->nmap++;
	return 0;
}

/* Ends a line of the text; the next one comes from file:line. */
static int
text_newline(struct conf_text *p, size_t file, int line)
{
	if (buf_addch(&p->text, '\n') == -1)
		return conf_text_nomem(p);
	return map_push(p, file, line);
}

void
conf_text_where(const struct conf_text *p, int n, char *out, size_t outsz)
{
	const struct conf_lineref *r;

	if (p->nmap < 2) {
		snprintf(out, outsz, "%s", p->nfiles ? p->files[0].name : "?");
		return;
	}
	if (n < 1)
		n = 1;
	if ((size_t)n >= p->nmap)
		n = (int)p->nmap - 1;
	r = &p->map[n];
	snprintf(out, outsz, "%s:%d", p->files[r->file].name, r->line);
}

static int	scan_fail(struct scan *, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));

static int
scan_fail(struct scan *sc, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return text_fail(sc->p, sc->file, sc->line, "%s", msg);
}

static int
scan_copy(struct scan *sc, size_t n)
{
	if (buf_add(&sc->p->text, sc->t + sc->i, n) == -1)
		return conf_text_nomem(sc->p);
	sc->i += n;
	return 0;
}

static int
scan_newline(struct scan *sc)
{
	sc->i++;
	sc->line++;
	return text_newline(sc->p, sc->file, sc->line);
}

/* What ends an unquoted word in libconfuse's lexer. */
static int
word_char(int c)
{
	return c != '\0' && strchr(" #\"'\t\n\r={}()+,*", c) == NULL;
}

static int
scan_line_comment(struct scan *sc)
{
	sc->i += strcspn(sc->t + sc->i, "\n");
	if (buf_addch(&sc->p->text, ' ') == -1)
		return conf_text_nomem(sc->p);
	return 0;
}

static int
scan_block_comment(struct scan *sc)
{
	int start = sc->line;

	sc->i += 2;
	for (;;) {
		switch (sc->t[sc->i]) {
		case '\0':
			sc->line = start;
			return scan_fail(sc, "comment is never closed "
			    "(missing */)");
		case '\n':
			if (scan_newline(sc) == -1)
				return -1;
			break;
		default:
			if (sc->t[sc->i] == '*' && sc->t[sc->i + 1] == '/') {
				sc->i += 2;
				if (buf_addch(&sc->p->text, ' ') == -1)
					return conf_text_nomem(sc->p);
				return 0;
			}
			sc->i++;
		}
	}
}

/*
 * "${VAR}" (libconfuse substitutes the environment variable): copied as
 * it is, but it must not span lines, which libconfuse would not count.
 */
static int
scan_envref(struct scan *sc, int *done)
{
	const char *t = sc->t + sc->i, *end;

	*done = 0;
	if (t[0] != '$' || t[1] != '{' || (end = strchr(t, '}')) == NULL)
		return 0;
	if (memchr(t, '\n', (size_t)(end - t)) != NULL)
		return scan_fail(sc, "line break inside ${...}");
	*done = 1;
	return scan_copy(sc, (size_t)(end - t) + 1);
}

/* "\0", "\00", "\000", "\x0", "\x00": would cut the string short. */
static int
nul_escape(const char *t)
{
	size_t n;

	if (t[0] == 'x')
		return t[1] == '0' && (t[2] == '0' ||
		    !isxdigit((unsigned char)t[2]));
	n = strspn(t, "0");
	return n > 0 && (n >= 3 || t[n] < '0' || t[n] > '7');
}

/* A backslash in a string: it and the next character are kept. */
static int
scan_escape(struct scan *sc, char q)
{
	if (q == '"' && nul_escape(sc->t + sc->i + 1))
		return scan_fail(sc, "NUL (\\0) in a string");
	if (scan_copy(sc, 1) == -1)
		return -1;
	if (sc->t[sc->i] == '\n')
		return scan_newline(sc);
	if (sc->t[sc->i] == '\0')
		return 0;
	return scan_copy(sc, 1);
}

/* A "..." or '...' string, copied; only '"' strings know ${VAR}. */
static int
scan_quoted(struct scan *sc)
{
	char q = sc->t[sc->i];
	int start = sc->line, done = 0, r;

	if (scan_copy(sc, 1) == -1)
		return -1;
	for (;;) {
		switch (sc->t[sc->i]) {
		case '\0':
			sc->line = start;
			return scan_fail(sc, "string is never closed "
			    "(missing %c)", q);
		case '\n':
			r = scan_newline(sc);
			break;
		case '\\':
			r = scan_escape(sc, q);
			break;
		case '$':
			if (q == '"' && scan_envref(sc, &done) == -1)
				return -1;
			r = q == '"' && done ? 0 : scan_copy(sc, 1);
			break;
		default:
			if (sc->t[sc->i] == q)
				return scan_copy(sc, 1);
			r = scan_copy(sc, 1);
		}
		if (r == -1)
			return -1;
	}
}

static int
scan_brace(struct scan *sc)
{
	struct conf_text *p = sc->p;

	if (sc->t[sc->i] == '{') {
		if (p->braces++ == 0) {
			p->brace.file = sc->file;
			p->brace.line = sc->line;
		}
	} else if (p->braces > 0)
		p->braces--;
	return scan_copy(sc, 1);
}

/* Blanks and line breaks between the parts of include ( "FILE" ). */
static int
scan_space(struct scan *sc)
{
	for (;;) {
		sc->i += strspn(sc->t + sc->i, " \t\r");
		if (sc->t[sc->i] != '\n')
			return 0;
		if (scan_newline(sc) == -1)
			return -1;
	}
}

/* The file name of include(): a string or a word, taken literally. */
static int
include_name(struct scan *sc, struct buf *name)
{
	const char *t = sc->t;
	char q = t[sc->i];
	int r = 0;

	if (q != '"' && q != '\'') {
		while (r == 0 && word_char(t[sc->i]))
			r = buf_addch(name, t[sc->i++]);
		return r;
	}
	for (sc->i++; r == 0 && t[sc->i] != q; sc->i++) {
		if (t[sc->i] == '\0' || t[sc->i] == '\n')
			return -1;
		if (t[sc->i] == '\\' && t[sc->i + 1] != '\0' &&
		    t[sc->i + 1] != '\n')
			sc->i++;
		r = buf_addch(name, t[sc->i]);
	}
	sc->i++;
	return r;
}

/*
 * The included file's path: "~/" as libconfuse expands it, else
 * relative to the directory of the file that includes it.
 */
static char *
include_path(const struct scan *sc, const char *name)
{
	const char *from = sc->p->files[sc->file].name, *slash;
	struct buf b = BUF_INIT;

	if (name[0] == '~')
		return cfg_tilde_expand(name);
	if (name[0] == '/' || (slash = strrchr(from, '/')) == NULL)
		return strdup(name);
	if (buf_add(&b, from, (size_t)(slash - from) + 1) == -1 ||
	    buf_addstr(&b, name) == -1) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

static int	src_read(struct conf_text *, const char *, size_t, int);

static int
scan_include(struct scan *sc)
{
	struct buf name = BUF_INIT;
	char *path = NULL;
	int line = sc->line, r = -1;

	sc->i += strlen("include");
	if (scan_space(sc) == -1)
		return -1;
	sc->i++;			/* '(' */
	if (scan_space(sc) == -1)
		return -1;
	if (include_name(sc, &name) == -1 || name.len == 0 ||
	    scan_space(sc) == -1 || sc->t[sc->i] != ')') {
		if (!sc->p->failed)
			scan_fail(sc, "include() takes one file name, "
			    "as in include(\"FILE\")");
		goto out;
	}
	sc->i++;
	if ((path = include_path(sc, name.data)) == NULL) {
		conf_text_nomem(sc->p);
		goto out;
	}
	if (src_read(sc->p, path, sc->file, line) == 0)
		r = text_newline(sc->p, sc->file, sc->line);
out:
	free(path);
	buf_free(&name);
	return r;
}

static int
scan_word(struct scan *sc)
{
	const char *t = sc->t + sc->i;
	size_t n = 1;

	while (word_char(t[n]))
		n++;
	if (n == 7 && memcmp(t, "include", 7) == 0 &&
	    t[7 + strspn(t + 7, " \t\r\n")] == '(')
		return scan_include(sc);
	return scan_copy(sc, n);
}

static int
scan_slash(struct scan *sc)
{
	const char *t = sc->t + sc->i;

	/* Only where a word starts: "a//b" is a word, not a comment. */
	if (t[1] == '*')
		return scan_block_comment(sc);
	if (t[1] == '/')
		return scan_line_comment(sc);
	return scan_word(sc);
}

static int
scan_text(struct scan *sc)
{
	int done, r;

	while (sc->t[sc->i] != '\0') {
		switch (sc->t[sc->i]) {
		case '\n':
			r = scan_newline(sc);
			break;
		case '"':
		case '\'':
			r = scan_quoted(sc);
			break;
		case '#':
			r = scan_line_comment(sc);
			break;
		case '{':
		case '}':
			r = scan_brace(sc);
			break;
		case '/':
			r = scan_slash(sc);
			break;
		case '$':
			if ((r = scan_envref(sc, &done)) == 0 && !done)
				r = scan_word(sc);
			break;
		default:
			r = word_char(sc->t[sc->i]) ? scan_word(sc) :
			    scan_copy(sc, 1);
		}
		if (r == -1)
			return -1;
	}
	return 0;
}

/* Reads a whole file into *data (NUL-terminated, *len bytes). */
static int
src_slurp(struct conf_text *p, size_t file, int fd, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192], *nul;
	ssize_t n;
	int r = -1;

	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			text_fail(p, file, 0, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > FILE_MAX) {
			text_fail(p, file, 0, "larger than %d bytes", FILE_MAX);
			goto out;
		}
		if (buf_add(&b, chunk, (size_t)n) == -1) {
			conf_text_nomem(p);
			goto out;
		}
	}
	if (b.len > 0 && (nul = memchr(b.data, '\0', b.len)) != NULL) {
		for (n = 1; nul > b.data; nul--)
			n += nul[-1] == '\n';
		text_fail(p, file, (int)n, "NUL byte in the file");
		goto out;
	}
	if (buf_addch(&b, '\0') == -1) {
		conf_text_nomem(p);
		goto out;
	}
	*data = b.data;
	*len = b.len;
	b.data = NULL;
	r = 0;
out:
	secure_wipe(chunk, sizeof(chunk));
	buf_wipe(&b);
	return r;
}

static int
src_add(struct conf_text *p, const char *path, size_t *idx)
{
	struct conf_srcfile *f;

	if ((f = grow(p->files, &p->filecap, p->nfiles + 1,
	    sizeof(*f))) == NULL)
		return conf_text_nomem(p);
	p->files = f;
	f = &p->files[p->nfiles];
	memset(f, 0, sizeof(*f));
	if ((f->name = strdup(path)) == NULL)
		return conf_text_nomem(p);
	*idx = p->nfiles++;
	return 0;
}

/*
 * Reads path into the text; from:from_line is the include() that names
 * it, from is NONE for the main file. Each file is fstat'ed through the
 * descriptor it is read from, for the permission rule.
 */
static int
src_read(struct conf_text *p, const char *path, size_t from, int from_line)
{
	struct scan sc;
	char *data = NULL;
	size_t idx = 0, len = 0;
	int fd, r;

	if (p->depth >= INCLUDE_MAX)
		return text_fail(p, from, from_line, "include() nested more "
		    "than %d deep", INCLUDE_MAX);
	if (src_add(p, path, &idx) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    fstat(fd, &p->files[idx].st) == -1) {
		r = errno;
		if (fd != -1)
			close(fd);
		if (from == NONE)
			return text_fail(p, idx, 0, "%s", strerror(r));
		return text_fail(p, from, from_line, "cannot include %s: %s",
		    path, strerror(r));
	}
	r = src_slurp(p, idx, fd, &data, &len);
	close(fd);
	if (r == -1)
		return -1;
	if ((p->total += len) > TOTAL_MAX) {
		secure_wipe(data, len);
		free(data);
		return text_fail(p, from, from_line, "included files add up "
		    "to more than %d bytes", TOTAL_MAX);
	}
	r = from == NONE ? map_push(p, idx, 1) : text_newline(p, idx, 1);
	if (r == 0) {
		memset(&sc, 0, sizeof(sc));
		sc.p = p;
		sc.file = idx;
		sc.t = data;
		sc.line = 1;
		p->depth++;
		r = scan_text(&sc);
		p->depth--;
	}
	secure_wipe(data, len);
	free(data);
	return r;
}

int
conf_text_read(struct conf_text *p, const char *path, struct err *e)
{
	memset(p, 0, sizeof(*p));
	p->e = e;
	if (map_push(p, 0, 0) == -1 || src_read(p, path, NONE, 0) == -1)
		return -1;
	return 0;
}

int
conf_text_closed(struct conf_text *p)
{
	if (p->braces > 0)
		return text_fail(p, p->brace.file, p->brace.line, "this '{' is "
		    "never closed");
	return 0;
}

const char *
conf_text_path(const struct conf_text *p)
{
	return p->files[0].name;
}

static struct conf_mark *
mark_find(const struct conf_text *p, const void *owner, const char *key)
{
	size_t i;

	for (i = 0; i < p->nmarks; i++)
		if (p->marks[i].owner == owner &&
		    strcmp(p->marks[i].key, key) == 0)
			return &p->marks[i];
	return NULL;
}

int
conf_text_mark(struct conf_text *p, const void *owner, const char *key,
    int line, int keep)
{
	struct conf_mark *m;

	if ((m = mark_find(p, owner, key)) != NULL) {
		if (!keep)
			m->line = line;
		return 0;
	}
	if ((m = grow(p->marks, &p->markcap, p->nmarks + 1,
	    sizeof(*m))) == NULL)
		return conf_text_nomem(p);
	p->marks = m;
	m[p->nmarks].owner = owner;
	m[p->nmarks].key = key;
	m[p->nmarks].line = line;
	p->nmarks++;
	return 0;
}

void
conf_text_mark_where(const struct conf_text *p, const void *owner,
    const char *key, char *out, size_t outsz)
{
	const struct conf_mark *m;

	if ((m = mark_find(p, owner, key)) != NULL)
		conf_text_where(p, m->line, out, outsz);
	else
		snprintf(out, outsz, "%s", conf_text_path(p));
}

void
conf_text_password(struct conf_text *p, int n)
{
	struct conf_srcfile *f;

	if (n < 1 || (size_t)n >= p->nmap)
		return;
	f = &p->files[p->map[n].file];
	if (f->pwline == 0)
		f->pwline = p->map[n].line;
}

/*
 * SPEC §8, after OpenSSH: a file holding a password may be read by its
 * group only when it is owned by root and that group is postie's (a
 * setgid deployment), and never by others.
 */
int
conf_text_perms(struct conf_text *p)
{
	const struct conf_srcfile *f;
	mode_t mode;
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		f = &p->files[i];
		mode = f->st.st_mode & 07777;
		if (f->pwline == 0 || (!(mode & S_IROTH) &&
		    (!(mode & S_IRGRP) ||
		    (f->st.st_uid == 0 && f->st.st_gid == getegid()))))
			continue;
		return text_fail(p, i, f->pwline, "a password is set in a "
		    "file that %s can read (mode %04o); run: chmod 600 %s",
		    (mode & S_IROTH) ? "everyone" : "its group",
		    (unsigned)mode, f->name);
	}
	return 0;
}

void
conf_text_free(struct conf_text *p)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		free(p->files[i].name);
	free(p->files);
	free(p->map);
	free(p->marks);
	buf_wipe(&p->text);
	memset(p, 0, sizeof(*p));
}
