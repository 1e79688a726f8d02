/*
 * RFC 5322 section 3.4 address lists, with the section 4.4 obsolete forms
 * (routes, empty list elements, CFWS between words and dots) and RFC 6532
 * UTF-8. One recursive-descent scanner reports each mailbox with its byte
 * span; addr_parse_list collects the addr-specs and the header module
 * uses the spans to edit a field in place.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"

struct scan {
	const char	*s;
	size_t		 len;
	size_t		 i;
	struct buf	 spec;		/* addr-spec (or phrase) being read */
	int		(*cb)(const struct addr_span *, void *);
	void		*arg;
	char		*errbuf;
	size_t		 errlen;
};

/* What a run of atoms, quoted strings and dots looked like. */
struct words {
	size_t	 start;		/* first token */
	size_t	 end;		/* just past the last token */
	size_t	 ntok;
	size_t	 nwords;
	int	 dotted;	/* word *("." word): a local part or domain */
};

static int	scan_address(struct scan *, int);
static int	scan_fail(struct scan *, const char *, ...)
	    __attribute__((__format__(printf, 2, 3)));

static int
scan_fail(struct scan *sc, const char *fmt, ...)
{
	va_list ap;

	if (sc->errbuf != NULL && sc->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(sc->errbuf, sc->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
scan_nomem(struct scan *sc)
{
	return scan_fail(sc, "out of memory");
}

/* Names the byte at the cursor for an error message. */
static int
scan_unexpected(struct scan *sc, const char *where)
{
	unsigned char c;

	if (sc->i >= sc->len)
		return scan_fail(sc, "unexpected end %s", where);
	c = (unsigned char)sc->s[sc->i];
	if (c > 0x20 && c < 0x7f)
		return scan_fail(sc, "unexpected '%c' %s", c, where);
	return scan_fail(sc, "unexpected byte 0x%02x %s", c, where);
}

static int
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* atext, with bytes >= 0x80 allowed as RFC 6532 says. */
static int
is_atext(unsigned char c)
{
	if (c >= 0x80)
		return 1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static int
at(const struct scan *sc, char c)
{
	return sc->i < sc->len && sc->s[sc->i] == c;
}

/* Length of a line break that folds (CRLF or LF, then WSP), else 0. */
static size_t
fold_len(const struct scan *sc)
{
	size_t n = 0;

	if (sc->i < sc->len && sc->s[sc->i] == '\r')
		n++;
	if (sc->i + n >= sc->len || sc->s[sc->i + n] != '\n')
		return 0;
	n++;
	if (sc->i + n >= sc->len)
		return 0;
	return (sc->s[sc->i + n] == ' ' || sc->s[sc->i + n] == '\t') ? n : 0;
}

static int
add(struct scan *sc, struct buf *out, const char *p, size_t n)
{
	if (out != NULL && buf_add(out, p, n) == -1)
		return scan_nomem(sc);
	return 0;
}

/* A backslash and the byte it escapes; copied as written. */
static int
quoted_pair(struct scan *sc, struct buf *out, const char *what)
{
	if (sc->i + 1 >= sc->len)
		return scan_fail(sc, "unbalanced %s", what);
	if (is_ctl((unsigned char)sc->s[sc->i + 1]))
		return scan_fail(sc, "control character escaped in %s", what);
	if (add(sc, out, sc->s + sc->i, 2) == -1)
		return -1;
	sc->i += 2;
	return 0;
}

/* Comments nest; their text is dropped, so any byte but NUL may be in. */
static int
skip_comment(struct scan *sc)
{
	size_t depth = 0, n;
	char c;

	while (sc->i < sc->len) {
		c = sc->s[sc->i];
		if (c == '(') {
			depth++;
			sc->i++;
		} else if (c == ')') {
			sc->i++;
			if (--depth == 0)
				return 0;
		} else if (c == '\\') {
			if (quoted_pair(sc, NULL, "comment") == -1)
				return -1;
		} else if (c == '\r' || c == '\n') {
			if ((n = fold_len(sc)) == 0)
				return scan_fail(sc, "line break in comment");
			sc->i += n;
		} else if (c == '\0')
			return scan_fail(sc, "NUL in comment");
		else
			sc->i++;
	}
	return scan_fail(sc, "unbalanced comment");
}

static int
skip_cfws(struct scan *sc)
{
	size_t n;
	char c;

	while (sc->i < sc->len) {
		c = sc->s[sc->i];
		if (c == ' ' || c == '\t')
			sc->i++;
		else if ((n = fold_len(sc)) > 0)
			sc->i += n;
		else if (c == '(') {
			if (skip_comment(sc) == -1)
				return -1;
		} else if (c == '\r' || c == '\n')
			return scan_fail(sc,
			    "line break not followed by white space");
		else
			break;
	}
	return 0;
}

/*
 * A quoted string (quotes kept) or a domain literal (brackets kept):
 * both may be folded, and the fold's line break is not part of the text.
 * The literal also drops its white space, "[ 1.2.3.4 ]" = "[1.2.3.4]".
 */
static int
scan_quoted(struct scan *sc, struct buf *out, char close, const char *what)
{
	size_t n;
	unsigned char c;

	if (add(sc, out, sc->s + sc->i++, 1) == -1)
		return -1;
	while (sc->i < sc->len) {
		c = (unsigned char)sc->s[sc->i];
		if (c == '\\') {
			if (quoted_pair(sc, out, what) == -1)
				return -1;
			continue;
		}
		if ((n = fold_len(sc)) > 0) {
			sc->i += n;
			continue;
		}
		if (c == '\r' || c == '\n')
			return scan_fail(sc, "line break in %s", what);
		if (is_ctl(c))
			return scan_fail(sc, "control character in %s", what);
		if (close == ']' && (c == '[' || c == ' ' || c == '\t')) {
			if (c == '[')
				return scan_fail(sc, "'[' in %s", what);
			sc->i++;
			continue;
		}
		if (add(sc, out, sc->s + sc->i++, 1) == -1)
			return -1;
		if (c == (unsigned char)close)
			return 0;
	}
	return scan_fail(sc, "unbalanced %s", what);
}

/*
 * Reads atoms, quoted strings and dots with CFWS between them, copying
 * the tokens (without the CFWS) to out. What the run is (display name,
 * local part, domain) is decided by the byte that follows it.
 */
static int
scan_words(struct scan *sc, struct words *w, struct buf *out, int atoms_only)
{
	size_t start;
	int isword, want_word = 1;
	unsigned char c;

	memset(w, 0, sizeof(*w));
	w->dotted = 1;
	for (;;) {
		if (skip_cfws(sc) == -1)
			return -1;
		if (sc->i >= sc->len)
			break;
		c = (unsigned char)sc->s[sc->i];
		start = sc->i;
		if (c == '"' && !atoms_only) {
			if (scan_quoted(sc, out, '"', "quotes") == -1)
				return -1;
			isword = 1;
		} else if (c == '.' || is_atext(c)) {
			isword = c != '.';
			sc->i++;
			while (isword && sc->i < sc->len &&
			    is_atext((unsigned char)sc->s[sc->i]))
				sc->i++;
			if (add(sc, out, sc->s + start, sc->i - start) == -1)
				return -1;
		} else
			break;
		if (isword != want_word)
			w->dotted = 0;
		want_word = !isword;
		if (w->ntok++ == 0)
			w->start = start;
		w->end = sc->i;
		w->nwords += isword;
	}
	if (w->ntok == 0 || want_word)
		w->dotted = 0;
	return 0;
}

/* domain = dot-atom / domain-literal / obs-domain */
static int
scan_domain(struct scan *sc, struct words *w, struct buf *out)
{
	if (skip_cfws(sc) == -1)
		return -1;
	if (at(sc, '[')) {
		memset(w, 0, sizeof(*w));
		w->start = sc->i;
		if (scan_quoted(sc, out, ']', "domain literal") == -1)
			return -1;
		w->end = sc->i;
		w->ntok = w->nwords = 1;
		w->dotted = 1;
		return 0;
	}
	if (scan_words(sc, w, out, 1) == -1)
		return -1;
	if (w->ntok == 0)
		return scan_fail(sc, "missing domain after '@'");
	if (!w->dotted)
		return scan_fail(sc, "bad domain");
	return 0;
}

/*
 * The local part has just been read into sc->spec as w; reads an
 * optional "@domain" and fills in the span.
 */
static int
scan_spec_tail(struct scan *sc, const struct words *w, struct addr_span *sp)
{
	struct words d;

	if (!w->dotted)
		return scan_fail(sc, "bad local part");
	memset(sp, 0, sizeof(*sp));
	sp->spec_start = w->start;
	sp->spec_end = w->end;
	if (at(sc, '@')) {
		sc->i++;
		if (add(sc, &sc->spec, "@", 1) == -1 ||
		    scan_domain(sc, &d, &sc->spec) == -1)
			return -1;
		sp->has_domain = 1;
		sp->spec_end = d.end;
	}
	return 0;
}

static int
emit(struct scan *sc, struct addr_span *sp)
{
	sp->spec = sc->spec.data;
	if (sc->cb(sp, sc->arg) == -1)
		return scan_nomem(sc);
	return 0;
}

/* obs-route: "@a,@b:" before the addr-spec; the domains are dropped. */
static int
scan_route(struct scan *sc)
{
	struct words d;

	for (;;) {
		if (skip_cfws(sc) == -1)
			return -1;
		if (at(sc, ',')) {
			sc->i++;
		} else if (at(sc, '@')) {
			sc->i++;
			if (scan_domain(sc, &d, NULL) == -1)
				return -1;
		} else if (at(sc, ':')) {
			sc->i++;
			return 0;
		} else
			return scan_unexpected(sc, "in route");
	}
}

/* angle-addr, the cursor on '<'. A bare local name is allowed inside. */
static int
scan_angle(struct scan *sc)
{
	struct addr_span sp;
	struct words w;
	size_t open = ++sc->i;

	if (skip_cfws(sc) == -1)
		return -1;
	if (at(sc, '@') && scan_route(sc) == -1)
		return -1;
	buf_reset(&sc->spec);
	if (scan_words(sc, &w, &sc->spec, 0) == -1)
		return -1;
	if (w.ntok == 0) {
		if (at(sc, '>'))
			return scan_fail(sc, "empty address <>");
		if (at(sc, '@'))
			return scan_fail(sc, "missing local part");
		return scan_unexpected(sc, "after '<'");
	}
	if (scan_spec_tail(sc, &w, &sp) == -1 || skip_cfws(sc) == -1)
		return -1;
	if (!at(sc, '>'))
		return sc->i >= sc->len ? scan_fail(sc, "missing '>'") :
		    scan_unexpected(sc, "in <address>");
	sp.angle = 1;
	sp.angle_start = open;
	sp.angle_end = sc->i++;
	return emit(sc, &sp);
}

/*
 * group-list after "name:". A missing final ';' at the end of the list
 * is forgiven: "undisclosed-recipients:" is common in the wild.
 */
static int
scan_group(struct scan *sc)
{
	for (;;) {
		if (skip_cfws(sc) == -1)
			return -1;
		if (sc->i >= sc->len)
			return 0;
		if (at(sc, ';')) {
			sc->i++;
			return 0;
		}
		if (at(sc, ',')) {
			sc->i++;
			continue;
		}
		if (scan_address(sc, 1) == -1 || skip_cfws(sc) == -1)
			return -1;
		if (sc->i < sc->len && !at(sc, ',') && !at(sc, ';'))
			return scan_unexpected(sc, "after group member");
	}
}

/* address = mailbox / group; in a group only a mailbox. */
static int
scan_address(struct scan *sc, int in_group)
{
	struct addr_span sp;
	struct words w;

	buf_reset(&sc->spec);
	if (scan_words(sc, &w, &sc->spec, 0) == -1)
		return -1;
	if (at(sc, '<'))
		return scan_angle(sc);
	if (at(sc, ':')) {
		if (in_group)
			return scan_fail(sc, "group inside a group");
		if (w.nwords == 0)
			return scan_fail(sc, "group without a name");
		sc->i++;
		return scan_group(sc);
	}
	if (w.ntok == 0)
		return at(sc, '@') ? scan_fail(sc, "missing local part") :
		    scan_unexpected(sc, "in address");
	if (!w.dotted && !at(sc, '@') && w.ntok == w.nwords)
		return scan_fail(sc, "display name without <address>");
	if (scan_spec_tail(sc, &w, &sp) == -1)
		return -1;
	return emit(sc, &sp);
}

int
addr_scan(const char *s, size_t len,
    int (*cb)(const struct addr_span *, void *), void *arg,
    char *errbuf, size_t errlen)
{
	struct scan sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	sc.s = s;
	sc.len = len;
	sc.cb = cb;
	sc.arg = arg;
	sc.errbuf = errbuf;
	sc.errlen = errlen;
	for (;;) {
		if (skip_cfws(&sc) == -1)
			goto out;
		if (sc.i >= sc.len)
			break;
		if (at(&sc, ',')) {	/* obs-addr-list: empty elements */
			sc.i++;
			continue;
		}
		if (scan_address(&sc, 0) == -1 || skip_cfws(&sc) == -1)
			goto out;
		if (sc.i < sc.len && !at(&sc, ',')) {
			scan_unexpected(&sc, "after address");
			goto out;
		}
	}
	rc = 0;
out:
	buf_free(&sc.spec);
	return rc;
}

static int
list_reserve(struct addr_list *l, size_t more)
{
	size_t cap;
	char **v;

	if (l->n + more <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 8;
	while (cap < l->n + more) {
		if (cap > ((size_t)-1) / (2 * sizeof(*v)))
			return -1;
		cap *= 2;
	}
	if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
		return -1;
	l->v = v;
	l->cap = cap;
	return 0;
}

static int
list_push(struct addr_list *l, const char *a)
{
	char *p;

	if (list_reserve(l, 1) == -1 || (p = strdup(a)) == NULL)
		return -1;
	l->v[l->n++] = p;
	return 0;
}

static int
collect(const struct addr_span *sp, void *arg)
{
	return list_push(arg, sp->spec);
}

int
addr_parse_list(const char *s, size_t len, struct addr_list *out,
    char *errbuf, size_t errlen)
{
	struct addr_list tmp = ADDR_LIST_INIT;
	size_t k;

	if (addr_scan(s, len, collect, &tmp, errbuf, errlen) == -1)
		goto fail;
	/* Room first, so that failing appends nothing. */
	if (list_reserve(out, tmp.n) == -1) {
		if (errbuf != NULL && errlen > 0)
			snprintf(errbuf, errlen, "out of memory");
		goto fail;
	}
	for (k = 0; k < tmp.n; k++)
		out->v[out->n++] = tmp.v[k];
	free(tmp.v);
	return 0;
fail:
	addr_list_free(&tmp);
	return -1;
}

/* Where the domain starts: the '@' not inside quotes, or NULL. */
static const char *
addr_at(const char *a)
{
	int quoted = 0;

	for (; *a != '\0'; a++) {
		if (*a == '\\' && quoted && a[1] != '\0')
			a++;
		else if (*a == '"')
			quoted = !quoted;
		else if (*a == '@' && !quoted)
			return a;
	}
	return NULL;
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int
addr_equal(const char *a, const char *b)
{
	const char *da = addr_at(a), *db = addr_at(b);

	if (da == NULL || db == NULL)
		return da == db && strcmp(a, b) == 0;
	if (da - a != db - b || memcmp(a, b, (size_t)(da - a)) != 0)
		return 0;
	for (; *da != '\0' && *db != '\0'; da++, db++)
		if (ascii_lower((unsigned char)*da) !=
		    ascii_lower((unsigned char)*db))
			return 0;
	return *da == *db;
}

/* Orders addresses so that equal ones (by addr_equal) are adjacent. */
static int
addr_cmp(const char *a, const char *b)
{
	const char *da = addr_at(a), *db = addr_at(b);
	size_t la = da ? (size_t)(da - a) : strlen(a);
	size_t lb = db ? (size_t)(db - b) : strlen(b);
	int c;

	if ((c = memcmp(a, b, la < lb ? la : lb)) != 0 || la != lb)
		return c != 0 ? c : (la < lb ? -1 : 1);
	if (da == NULL || db == NULL)
		return (da != NULL) - (db != NULL);
	for (; *da != '\0' && *db != '\0'; da++, db++)
		if ((c = ascii_lower((unsigned char)*da) -
		    ascii_lower((unsigned char)*db)) != 0)
			return c;
	return (unsigned char)*da - (unsigned char)*db;
}

struct uniq_ent {
	const char	*a;
	size_t		 idx;	/* out's entries first, then src's */
};

static int
uniq_cmp(const void *x, const void *y)
{
	const struct uniq_ent *p = x, *q = y;
	int c;

	if ((c = addr_cmp(p->a, q->a)) != 0)
		return c;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/*
 * Sorting brings equal addresses together with the first one seen
 * leading its run; every later one from src is marked as a duplicate.
 */
int
addr_list_add_all_unique(struct addr_list *out, const struct addr_list *src)
{
	struct uniq_ent *e;
	char *dup = NULL;
	size_t n = out->n + src->n, k, n0 = out->n;
	int rc = -1;

	if ((e = calloc(n ? n : 1, sizeof(*e))) == NULL ||
	    (dup = calloc(src->n ? src->n : 1, 1)) == NULL)
		goto out;
	for (k = 0; k < n; k++) {
		e[k].a = k < n0 ? out->v[k] : src->v[k - n0];
		e[k].idx = k;
	}
	qsort(e, n, sizeof(*e), uniq_cmp);
	for (k = 1; k < n; k++)
		if (e[k].idx >= n0 && addr_cmp(e[k - 1].a, e[k].a) == 0)
			dup[e[k].idx - n0] = 1;
	if (list_reserve(out, src->n) == -1)
		goto out;
	for (k = 0; k < src->n; k++) {
		if (dup[k])
			continue;
		if ((out->v[out->n] = strdup(src->v[k])) == NULL) {
			while (out->n > n0)
				free(out->v[--out->n]);
			goto out;
		}
		out->n++;
	}
	rc = 0;
out:
	free(dup);
	free(e);
	return rc;
}

int
addr_list_add_unique(struct addr_list *l, const char *a)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (addr_equal(l->v[k], a))
			return 0;
	return list_push(l, a);
}

void
addr_list_free(struct addr_list *l)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		free(l->v[k]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int
addr_has_controls(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++)
		if (s[k] == '\r' || s[k] == '\n' || s[k] == '\0')
			return 1;
	return 0;
}

int
addr_check_path(const char *a, char *errbuf, size_t errlen)
{
	struct addr_list l = ADDR_LIST_INIT;
	size_t len = strlen(a);
	int same;

	if (len == 0)
		return 0;
	if (len > ADDR_PATH_MAX) {
		if (errbuf != NULL && errlen > 0)
			snprintf(errbuf, errlen, "longer than %d octets",
			    ADDR_PATH_MAX);
		return -1;
	}
	if (addr_parse_list(a, len, &l, errbuf, errlen) == -1)
		return -1;
	/* What the parser reads back must be all there is. */
	same = l.n == 1 && strcmp(l.v[0], a) == 0;
	addr_list_free(&l);
	if (!same && errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "not a single plain address");
	return same ? 0 : -1;
}

int
addr_is_utf8(const char *a)
{
	for (; *a != '\0'; a++)
		if ((unsigned char)*a >= 0x80)
			return 1;
	return 0;
}

int
addr_is_local(const char *a)
{
	return *a != '\0' && addr_at(a) == NULL;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

char *
addr_strip_angles(const char *a)
{
	size_t b = 0, e = strlen(a);
	char *p;

	while (b < e && is_space(a[b]))
		b++;
	while (e > b && is_space(a[e - 1]))
		e--;
	if (e - b >= 2 && a[b] == '<' && a[e - 1] == '>') {
		b++;
		e--;
		while (b < e && is_space(a[b]))
			b++;
		while (e > b && is_space(a[e - 1]))
			e--;
	}
	if ((p = malloc(e - b + 1)) == NULL)
		return NULL;
	memcpy(p, a + b, e - b);
	p[e - b] = '\0';
	return p;
}
