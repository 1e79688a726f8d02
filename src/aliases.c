/*
 * The aliases file: a pure parser of its text into entries, a pure
 * resolver that expands a local name through them (the chain of names
 * being expanded is kept, so a loop is found and named), and the one
 * function that reads the file.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "addr.h"
#include "aliases.h"
#include "buf.h"
#include "err.h"

/* Targets that would need local delivery, which postie does not do. */
static const char *const unsupported[] = { "|", "/", ":include:", "\"|",
	"\"/" };

/* The recursion of one aliases_expand call. */
struct expansion {
	const struct aliases	*al;
	const struct alias	*chain[ALIASES_DEPTH_MAX];
	size_t			 depth;
	size_t			 steps;
	struct addr_list	*out;
	char			*errbuf;
	size_t			 errlen;
};

static int	expand_name(struct expansion *, const char *, int);

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims white space on both sides of [*s, *e). */
static void
trim(const char *p, size_t *s, size_t *e)
{
	while (*s < *e && is_blank(p[*s]))
		(*s)++;
	while (*e > *s && is_blank(p[*e - 1]))
		(*e)--;
}

const struct alias *
aliases_find(const struct aliases *al, const char *name)
{
	size_t i;

	for (i = 0; i < al->n; i++)
		if (strcasecmp(al->v[i].name, name) == 0)
			return &al->v[i];
	return NULL;
}

/*
 * The end of the list element that starts at p: the next comma outside
 * quoted strings, comments, angle brackets and groups, or the end.
 */
static size_t
element_end(const char *v, size_t len, size_t p)
{
	int quoted = 0, paren = 0, angle = 0, group = 0;

	for (; p < len; p++) {
		if ((quoted || paren) && v[p] == '\\' && p + 1 < len)
			p++;
		else if (v[p] == '"' && !paren)
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (v[p] == '(')
			paren++;
		else if (v[p] == ')' && paren > 0)
			paren--;
		else if (paren)
			continue;
		else if (v[p] == '<' || v[p] == '>')
			angle = v[p] == '<';
		else if (v[p] == ':' && !angle)
			group = 1;
		else if (v[p] == ';' && !angle)
			group = 0;
		else if (v[p] == ',' && !angle && !group)
			break;
	}
	return p;
}

/* Adds one list element's addresses (and "\name") to the entry. */
static int
add_element(struct alias *a, const char *p, size_t n, char *errbuf,
    size_t errlen)
{
	struct addr_list found = ADDR_LIST_INIT;
	char why[128], *marked;
	size_t k;
	int plain, rc = 0;

	for (k = 0; k < sizeof(unsupported) / sizeof(unsupported[0]); k++)
		if (n >= strlen(unsupported[k]) && strncasecmp(p,
		    unsupported[k], strlen(unsupported[k])) == 0)
			return errbuf_set(errbuf, errlen, "line %d: %s: %.*s: "
			    "programs, files and :include: cannot be relayed",
			    a->line, a->name, (int)n, p);
	plain = !(n > 0 && p[0] == '\\');
	if (!plain) {
		p++;
		n--;
	}
	if (addr_parse_list(p, n, &found, why, sizeof(why)) == -1)
		return errbuf_set(errbuf, errlen, "line %d: %s: \"%.*s\": %s",
		    a->line, a->name, (int)n, p, why);
	for (k = 0; k < found.n && rc == 0; k++) {
		marked = found.v[k];
		if (!plain && addr_is_local(marked) &&
		    asprintf(&marked, "\\%s", found.v[k]) == -1)
			marked = NULL;
		if (marked == NULL ||
		    addr_list_add_unique(&a->targets, marked) == -1)
			rc = errbuf_set(errbuf, errlen, "out of memory");
		if (marked != found.v[k])
			free(marked);
	}
	addr_list_free(&found);
	return rc;
}

/* "name: targets" with the continuation lines joined. */
static int
parse_value(struct alias *a, const char *v, size_t len, char *errbuf,
    size_t errlen)
{
	size_t p = 0, s, e, end;

	while (p <= len) {
		s = p;
		e = end = element_end(v, len, p);
		trim(v, &s, &e);
		if (s < e && add_element(a, v + s, e - s, errbuf, errlen) == -1)
			return -1;
		p = end + 1;
	}
	if (a->targets.n == 0)
		return errbuf_set(errbuf, errlen, "line %d: %s: no address", a->line,
		    a->name);
	return 0;
}

static int
valid_name(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f || p[i] == '@' ||
		    p[i] == '"' || p[i] == ',')
			return 0;
	return 1;
}

static struct alias *
new_entry(struct aliases *al)
{
	struct alias *v;
	size_t cap;

	if (al->n == al->cap) {
		cap = al->cap ? al->cap * 2 : 16;
		if ((v = reallocarray(al->v, cap, sizeof(*v))) == NULL)
			return NULL;
		al->v = v;
		al->cap = cap;
	}
	memset(&al->v[al->n], 0, sizeof(al->v[0]));
	return &al->v[al->n++];
}

/* One logical line: the entry's first line and its continuations. */
static int
parse_entry(struct aliases *al, const char *l, size_t len, int line,
    char *errbuf, size_t errlen)
{
	const struct alias *dup;
	struct alias *a;
	const char *colon = memchr(l, ':', len);
	size_t s = 0, e;

	if (colon == NULL)
		return errbuf_set(errbuf, errlen, "line %d: no ':' after the name",
		    line);
	e = (size_t)(colon - l);
	trim(l, &s, &e);
	if (!valid_name(l + s, e - s))
		return errbuf_set(errbuf, errlen, "line %d: \"%.*s\" is not an "
		    "alias name", line, (int)(e - s), l + s);
	if ((a = new_entry(al)) == NULL ||
	    (a->name = strndup(l + s, e - s)) == NULL)
		return errbuf_set(errbuf, errlen, "out of memory");
	a->line = line;
	if ((dup = aliases_find(al, a->name)) != a)
		return errbuf_set(errbuf, errlen, "line %d: %s: already defined at "
		    "line %d", line, a->name, dup->line);
	colon++;
	return parse_value(a, colon, len - (size_t)(colon - l), errbuf,
	    errlen);
}

/* Blank lines and lines whose first non-blank byte is '#' are skipped. */
static int
is_comment(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (is_blank(l[i]) || l[i] == '\r'))
		i++;
	return i == n || l[i] == '#';
}

int
aliases_parse(struct aliases *al, const char *text, size_t len,
    char *errbuf, size_t errlen)
{
	struct buf entry = BUF_INIT;
	const char *nl;
	size_t p = 0, n, m;
	int line = 0, start = 0, rc = -1;

	if (memchr(text, '\0', len) != NULL) {
		errbuf_set(errbuf, errlen, "a NUL byte in the file");
		goto out;
	}
	for (; p < len; p += n + (nl != NULL)) {
		nl = memchr(text + p, '\n', len - p);
		n = nl != NULL ? (size_t)(nl - (text + p)) : len - p;
		/* A file written with CRLF line ends reads the same. */
		m = n > 0 && text[p + n - 1] == '\r' ? n - 1 : n;
		line++;
		if (is_comment(text + p, n))
			continue;
		if (is_blank(text[p])) {
			if (start == 0) {
				errbuf_set(errbuf, errlen, "line %d: a continuation "
				    "line with no entry before it", line);
				goto out;
			}
			if (buf_add(&entry, text + p, m) == -1)
				goto nomem;
			continue;
		}
		if (start != 0 && parse_entry(al, entry.data, entry.len, start,
		    errbuf, errlen) == -1)
			goto out;
		buf_reset(&entry);
		if (buf_add(&entry, text + p, m) == -1)
			goto nomem;
		start = line;
	}
	if (start != 0 && parse_entry(al, entry.data, entry.len, start,
	    errbuf, errlen) == -1)
		goto out;
	rc = 0;
	goto out;
nomem:
	errbuf_set(errbuf, errlen, "out of memory");
out:
	buf_free(&entry);
	if (rc == -1)
		aliases_free(al);
	return rc;
}

static int
add_final(struct expansion *x, const char *addr)
{
	if (addr_list_add_unique(x->out, addr) == -1)
		return errbuf_set(x->errbuf, x->errlen, "out of memory");
	return 0;
}

/* "a -> b -> a": the chain from the entry met again. */
static int
loop_error(struct expansion *x, const struct alias *again)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	int rc;

	while (x->chain[i] != again)
		i++;
	for (; i < x->depth; i++)
		if (buf_printf(&b, "%s -> ", x->chain[i]->name) == -1)
			break;
	rc = errbuf_set(x->errbuf, x->errlen, "alias %s loops: %s%s (line %d)",
	    again->name, b.data ? b.data : "", again->name, again->line);
	buf_free(&b);
	return rc;
}

static int
in_chain(const struct expansion *x, const struct alias *a)
{
	size_t i;

	for (i = 0; i < x->depth; i++)
		if (x->chain[i] == a)
			return 1;
	return 0;
}

/* Replaces a by its targets, each expanded again. */
static int
expand_entry(struct expansion *x, const struct alias *a, int under_default)
{
	const char *t;
	size_t i;
	int rc = 0;

	if (x->depth == ALIASES_DEPTH_MAX)
		return errbuf_set(x->errbuf, x->errlen, "alias %s (line %d) nests "
		    "deeper than %d levels", a->name, a->line,
		    ALIASES_DEPTH_MAX);
	x->chain[x->depth++] = a;
	for (i = 0; i < a->targets.n && rc == 0; i++) {
		t = a->targets.v[i];
		if (t[0] == '\\')
			rc = add_final(x, t + 1);
		else if (addr_is_local(t) && strcasecmp(t, a->name) == 0)
			rc = add_final(x, t);	/* "root: root, a@x" */
		else
			rc = expand_name(x, t, under_default ||
			    strcasecmp(a->name, ALIASES_DEFAULT) == 0);
	}
	x->depth--;
	return rc;
}

static int
expand_name(struct expansion *x, const char *name, int under_default)
{
	const struct alias *a;

	if (++x->steps > ALIASES_STEPS_MAX)
		return errbuf_set(x->errbuf, x->errlen, "aliases expand to more "
		    "than %d names", ALIASES_STEPS_MAX);
	if (!addr_is_local(name))
		return add_final(x, name);
	if ((a = aliases_find(x->al, name)) == NULL && !under_default)
		a = aliases_find(x->al, ALIASES_DEFAULT);
	if (a == NULL)
		return add_final(x, name);
	if (in_chain(x, a))
		return loop_error(x, a);
	return expand_entry(x, a, under_default);
}

int
aliases_expand(const struct aliases *al, const char *rcpt,
    struct addr_list *out, char *errbuf, size_t errlen)
{
	struct expansion x;

	memset(&x, 0, sizeof(x));
	x.al = al;
	x.out = out;
	x.errbuf = errbuf;
	x.errlen = errlen;
	return expand_name(&x, rcpt, 0);
}

/* The whole file into a string; small files only (ALIASES_FILE_MAX). */
static int
read_file(const char *path, struct buf *b, struct err *e)
{
	char chunk[8192];
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(e, EX_CONFIG, "aliases file %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		err_set(e, EX_CONFIG, "aliases file %s: not a regular file",
		    path);
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			err_set(e, EX_CONFIG, "aliases file %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (b->len + (size_t)n > ALIASES_FILE_MAX) {
			err_set(e, EX_CONFIG, "aliases file %s: larger than "
			    "%d bytes", path, ALIASES_FILE_MAX);
			goto out;
		}
		if (buf_add(b, chunk, (size_t)n) == -1) {
			err_nomem(e, "reading the aliases file");
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

int
aliases_load(struct aliases *al, const char *path, struct err *e)
{
	struct buf b = BUF_INIT;
	char why[256];
	int rc = 0;

	if (read_file(path, &b, e) == -1) {
		buf_free(&b);
		return -1;
	}
	if (aliases_parse(al, b.data != NULL ? b.data : "", b.len, why,
	    sizeof(why)) == -1)
		rc = err_set(e, EX_CONFIG, "aliases file %s: %s", path, why);
	buf_free(&b);
	return rc;
}

void
aliases_free(struct aliases *al)
{
	size_t i;

	for (i = 0; i < al->n; i++) {
		free(al->v[i].name);
		addr_list_free(&al->v[i].targets);
	}
	free(al->v);
	memset(al, 0, sizeof(*al));
}
