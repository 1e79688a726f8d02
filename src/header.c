/*
 * Header block handling without I/O (but for loading GnuTLS for an
 * 8-bit -F name): field iteration, -t recipients and the edits made
 * before sending (Bcc removed, Date, Message-ID and From added, From
 * rewritten, bare names qualified). Edits splice bytes into the field as
 * written, using the address scanner's spans, so every byte that is not
 * edited is kept.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "buf.h"
#include "err.h"
#include "gtls.h"
#include "header.h"

/* What hdr_rewrite does to a field, by name. */
enum hdr_action {
	HDR_KEEP,
	HDR_DROP,	/* Bcc never leaves the machine */
	HDR_FROM,	/* set_from, or qualified */
	HDR_QUALIFY,
};

static const struct {
	const char	*name;
	enum hdr_action	 action;
} hdr_actions[] = {
	{ "Bcc",		HDR_DROP },
	{ "Resent-Bcc",		HDR_DROP },
	{ "From",		HDR_FROM },
	{ "Sender",		HDR_QUALIFY },
	{ "Reply-To",		HDR_QUALIFY },
	{ "To",			HDR_QUALIFY },
	{ "Cc",			HDR_QUALIFY },
	{ "Resent-From",	HDR_QUALIFY },
	{ "Resent-Sender",	HDR_QUALIFY },
	{ "Resent-Reply-To",	HDR_QUALIFY },
	{ "Resent-To",		HDR_QUALIFY },
	{ "Resent-Cc",		HDR_QUALIFY },
};

static const char *const rcpt_plain[] = { "To", "Cc", "Bcc" };
static const char *const rcpt_resent[] = {
	"Resent-To", "Resent-Cc", "Resent-Bcc"
};

static const char *const day_names[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* RFC 2047: 45 bytes make 60 base64 characters, a 72-octet word. */
#define HDR_B64_CHUNK	45

/* Splice state for editing one field value through addr_scan. */
struct splice {
	const char	*value;
	struct buf	*out;		/* the new value */
	size_t		 copied;	/* bytes of value already in out */
	const char	*domain;
	size_t		 mailboxes;
	struct addr_span first;
	int		 nomem;
};

static size_t
line_end(const char *b, size_t len, size_t p)
{
	const char *nl = memchr(b + p, '\n', len - p);

	return nl == NULL ? len : (size_t)(nl - b) + 1;
}

/* Bytes of line end (CRLF or LF) that close raw[0..n). */
static size_t
eol_len(const char *raw, size_t n)
{
	if (n >= 2 && raw[n - 2] == '\r' && raw[n - 1] == '\n')
		return 2;
	return (n >= 1 && raw[n - 1] == '\n') ? 1 : 0;
}

/*
 * Offset of the colon when the line starts a field (RFC 5322 ftext
 * name, and the obsolete white space before the colon), else 0.
 */
static size_t
name_colon(const char *l, size_t n, size_t *name_len)
{
	size_t k = 0, nl;

	while (k < n && l[k] > 32 && l[k] < 127 && l[k] != ':')
		k++;
	if ((nl = k) == 0)
		return 0;
	while (k < n && (l[k] == ' ' || l[k] == '\t'))
		k++;
	if (k >= n || l[k] != ':')
		return 0;
	*name_len = nl;
	return k;
}

int
hdr_next(const char *block, size_t len, size_t *pos, struct hdr_field *f)
{
	size_t p = *pos, e, colon, nl = 0;

	if (p >= len)
		return 0;
	e = line_end(block, len, p);
	memset(f, 0, sizeof(*f));
	f->raw = f->name = f->value = block + p;
	if ((colon = name_colon(block + p, e - p, &nl)) > 0) {
		while (e < len && (block[e] == ' ' || block[e] == '\t'))
			e = line_end(block, len, e);
		f->name_len = nl;
		f->value = block + p + colon + 1;
	}
	f->raw_len = e - p;
	f->value_len = (size_t)(block + e - f->value) -
	    eol_len(f->raw, f->raw_len);
	*pos = e;
	return 1;
}

int
hdr_is(const struct hdr_field *f, const char *name)
{
	size_t n = strlen(name);

	return f->name_len == n && strncasecmp(f->name, name, n) == 0;
}

char *
hdr_unfold(const char *value, size_t len)
{
	size_t i, o = 0, n;
	char *p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		n = (value[i] == '\r' && i + 1 < len && value[i + 1] == '\n') ?
		    2 : value[i] == '\n';
		if (n > 0 && i + n < len &&
		    (value[i + n] == ' ' || value[i + n] == '\t')) {
			i += n - 1;
			continue;
		}
		p[o++] = value[i];
	}
	p[o] = '\0';
	return p;
}

static int
hdr_is_any(const struct hdr_field *f, const char *const *names, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (hdr_is(f, names[k]))
			return 1;
	return 0;
}

static int
has_resent(const char *block, size_t len)
{
	struct hdr_field f;
	size_t pos = 0;

	while (hdr_next(block, len, &pos, &f))
		if (f.name_len > 7 && strncasecmp(f.name, "Resent-", 7) == 0)
			return 1;
	return 0;
}

int
hdr_recipients(const char *block, size_t len, struct addr_list *out,
    char *errbuf, size_t errlen)
{
	struct addr_list tmp = ADDR_LIST_INIT;
	struct hdr_field f;
	const char *const *names;
	char why[256];
	size_t pos = 0;
	int rc = -1;

	names = has_resent(block, len) ? rcpt_resent : rcpt_plain;
	while (hdr_next(block, len, &pos, &f)) {
		if (!hdr_is_any(&f, names, 3))
			continue;
		if (addr_parse_list(f.value, f.value_len, &tmp, why,
		    sizeof(why)) == -1) {
			errbuf_set(errbuf, errlen, "%.*s: %s",
			    (int)f.name_len, f.name, why);
			goto out;
		}
	}
	if (addr_list_add_all_unique(out, &tmp) == -1) {
		errbuf_set(errbuf, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	addr_list_free(&tmp);
	return rc;
}

static enum hdr_action
field_action(const struct hdr_field *f)
{
	size_t k;

	for (k = 0; k < sizeof(hdr_actions) / sizeof(hdr_actions[0]); k++)
		if (hdr_is(f, hdr_actions[k].name))
			return hdr_actions[k].action;
	return HDR_KEEP;
}

/* Writes the field with its value replaced; name and line end kept. */
static int
put_field(struct buf *out, const struct hdr_field *f, const char *v,
    size_t vlen)
{
	size_t head = (size_t)(f->value - f->raw);
	size_t tail = head + f->value_len;

	if (buf_add(out, f->raw, head) == -1 || buf_add(out, v, vlen) == -1 ||
	    buf_add(out, f->raw + tail, f->raw_len - tail) == -1)
		return -1;
	return 0;
}

/* Writes addr, with "@domain" when it is a bare name to be qualified. */
static int
put_addr(struct buf *out, const char *addr, const struct hdr_edit *ed)
{
	if (buf_addstr(out, addr) == -1)
		return -1;
	if (ed->qualify && ed->domain != NULL && ed->domain[0] != '\0' &&
	    addr_is_local(addr))
		return buf_printf(out, "@%s", ed->domain);
	return 0;
}

static int
qualify_cb(const struct addr_span *sp, void *arg)
{
	struct splice *sl = arg;

	if (sp->has_domain)
		return 0;
	if (buf_add(sl->out, sl->value + sl->copied,
	    sp->spec_end - sl->copied) == -1 ||
	    buf_printf(sl->out, "@%s", sl->domain) == -1) {
		sl->nomem = 1;
		return -1;
	}
	sl->copied = sp->spec_end;
	return 0;
}

/*
 * Appends "@domain" to each bare name, in place. A field that does not
 * parse is kept as it is: better a bare name than a lost header.
 */
static int
edit_qualify(struct buf *out, const struct hdr_field *f,
    const struct hdr_edit *ed)
{
	struct buf v = BUF_INIT;
	struct splice sl;
	char why[128];
	int rc = -1;

	if (!ed->qualify || ed->domain == NULL || ed->domain[0] == '\0')
		return buf_add(out, f->raw, f->raw_len);
	memset(&sl, 0, sizeof(sl));
	sl.value = f->value;
	sl.out = &v;
	sl.domain = ed->domain;
	if (addr_scan(f->value, f->value_len, qualify_cb, &sl, why,
	    sizeof(why)) == -1) {
		if (!sl.nomem)
			rc = buf_add(out, f->raw, f->raw_len);
		goto out;
	}
	if (sl.copied == 0)
		rc = buf_add(out, f->raw, f->raw_len);
	else if (buf_add(&v, f->value + sl.copied,
	    f->value_len - sl.copied) == 0)
		rc = put_field(out, f, v.data, v.len);
out:
	buf_free(&v);
	return rc;
}

static int
count_cb(const struct addr_span *sp, void *arg)
{
	struct splice *sl = arg;

	if (sl->mailboxes++ == 0)
		sl->first = *sp;
	return 0;
}

/*
 * set_from_header: the one mailbox's address is replaced and its display
 * name and comments kept. A From that does not parse, or that holds no
 * or several mailboxes, becomes "From: set_from".
 */
static int
edit_set_from(struct buf *out, const struct hdr_field *f,
    const struct hdr_edit *ed)
{
	struct buf v = BUF_INIT;
	struct splice sl;
	size_t a, b;
	char why[128];
	int rc = -1;

	memset(&sl, 0, sizeof(sl));
	if (addr_scan(f->value, f->value_len, count_cb, &sl, why,
	    sizeof(why)) == -1 || sl.mailboxes != 1) {
		rc = (buf_add(out, f->name, f->name_len) == -1 ||
		    buf_addstr(out, ": ") == -1 ||
		    put_addr(out, ed->set_from, ed) == -1 ||
		    buf_addstr(out, "\r\n") == -1) ? -1 : 0;
		goto out;
	}
	a = sl.first.angle ? sl.first.angle_start : sl.first.spec_start;
	b = sl.first.angle ? sl.first.angle_end : sl.first.spec_end;
	if (buf_add(&v, f->value, a) == 0 &&
	    put_addr(&v, ed->set_from, ed) == 0 &&
	    buf_add(&v, f->value + b, f->value_len - b) == 0)
		rc = put_field(out, f, v.data, v.len);
out:
	buf_free(&v);
	return rc;
}

/* Minutes east of UTC, from the broken-down local and UTC times. */
static long
tz_offset(const struct tm *lt, const struct tm *gt)
{
	long off;

	off = (lt->tm_hour - gt->tm_hour) * 60L + (lt->tm_min - gt->tm_min);
	if (lt->tm_year != gt->tm_year)
		off += lt->tm_year > gt->tm_year ? 1440 : -1440;
	else if (lt->tm_yday != gt->tm_yday)
		off += lt->tm_yday > gt->tm_yday ? 1440 : -1440;
	return off;
}

/* English names whatever the locale, so no strftime. */
static int
add_date(struct buf *out, time_t now, char *errbuf, size_t errlen)
{
	struct tm lt, gt;
	long off;

	if (localtime_r(&now, &lt) == NULL || gmtime_r(&now, &gt) == NULL ||
	    lt.tm_wday < 0 || lt.tm_wday > 6 || lt.tm_mon < 0 ||
	    lt.tm_mon > 11)
		return errbuf_set(errbuf, errlen, "cannot convert the date");
	off = tz_offset(&lt, &gt);
	if (buf_printf(out,
	    "Date: %s, %d %s %d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    day_names[lt.tm_wday], lt.tm_mday, month_names[lt.tm_mon],
	    lt.tm_year + 1900, lt.tm_hour, lt.tm_min, lt.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60) == -1)
		return errbuf_set(errbuf, errlen, "out of memory");
	return 0;
}

/*
 * RFC 2047 B encoding, cut between UTF-8 characters, one word a line.
 * The base64 is GnuTLS's, loaded only now: such a name is rare.
 */
static int
put_encoded_name(struct buf *out, const char *name, char *errbuf,
    size_t errlen)
{
	unsigned char chunk[HDR_B64_CHUNK];
	gnutls_datum_t in, enc;
	size_t len = strlen(name), p = 0, e;
	struct err le;
	int rc;

	if (gtls_load(&le) == -1)
		return errbuf_set(errbuf, errlen, "%s", le.msg);
	while (p < len) {
		e = len - p > HDR_B64_CHUNK ? p + HDR_B64_CHUNK : len;
		while (e < len && e > p + 1 &&
		    ((unsigned char)name[e] & 0xc0) == 0x80)
			e--;
		memcpy(chunk, name + p, e - p);
		in.data = chunk;
		in.size = (unsigned int)(e - p);
		if (gnutls_base64_encode2(&in, &enc) < 0)
			return errbuf_set(errbuf, errlen, "out of memory");
		rc = buf_printf(out, "%s=?UTF-8?B?%.*s?=", p > 0 ? "\r\n " : "",
		    (int)enc.size, (const char *)enc.data);
		gnutls_free(enc.data);
		if (rc == -1)
			return errbuf_set(errbuf, errlen, "out of memory");
		p = e;
	}
	return 0;
}

static int
put_quoted(struct buf *out, const char *name)
{
	const unsigned char *p;

	if (buf_addch(out, '"') == -1)
		return -1;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if ((*p == '"' || *p == '\\') && buf_addch(out, '\\') == -1)
			return -1;
		if (buf_addch(out, (char)*p) == -1)
			return -1;
	}
	return buf_addch(out, '"');
}

/*
 * A -F name as a phrase: as it is when made of atoms, a quoted-string
 * when it has specials, RFC 2047 when it has 8-bit bytes or controls
 * (which also keeps a CR or LF from starting a new header).
 */
static int
put_name(struct buf *out, const char *name, char *errbuf, size_t errlen)
{
	const unsigned char *p;
	int quote = 0;

	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p >= 0x80 || (*p < 0x20 && *p != '\t') || *p == 0x7f)
			return put_encoded_name(out, name, errbuf, errlen);
		if (strchr("()<>[]:;@\\,.\"", *p) != NULL)
			quote = 1;
	}
	if ((quote ? put_quoted(out, name) : buf_addstr(out, name)) == -1)
		return errbuf_set(errbuf, errlen, "out of memory");
	return 0;
}

/*
 * A missing From is made from set_from or the envelope sender. With the
 * null sender (and no set_from) there is no address to put: no From is
 * added, as a From with an empty address would be invalid.
 */
static int
add_from(struct buf *out, const struct hdr_edit *ed, char *errbuf,
    size_t errlen)
{
	const char *addr = ed->set_from != NULL ? ed->set_from : ed->sender;
	const char *name = ed->full_name;

	if (addr == NULL || addr[0] == '\0')
		return 0;
	if (name != NULL && name[strspn(name, " \t")] == '\0')
		name = NULL;
	if (buf_addstr(out, "From: ") == -1)
		return errbuf_set(errbuf, errlen, "out of memory");
	if (name == NULL)
		return (put_addr(out, addr, ed) == -1 ||
		    buf_addstr(out, "\r\n") == -1) ?
		    errbuf_set(errbuf, errlen, "out of memory") : 0;
	/* put_name says why itself: GnuTLS may be missing. */
	if (put_name(out, name, errbuf, errlen) == -1)
		return -1;
	if (buf_addstr(out, " <") == -1 || put_addr(out, addr, ed) == -1 ||
	    buf_addstr(out, ">\r\n") == -1)
		return errbuf_set(errbuf, errlen, "out of memory");
	return 0;
}

static int
copy_field(struct buf *out, const struct hdr_field *f,
    const struct hdr_edit *ed)
{
	switch (field_action(f)) {
	case HDR_DROP:
		return 0;
	case HDR_FROM:
		if (ed->set_from != NULL)
			return edit_set_from(out, f, ed);
		return edit_qualify(out, f, ed);
	case HDR_QUALIFY:
		return edit_qualify(out, f, ed);
	case HDR_KEEP:
		break;
	}
	return buf_add(out, f->raw, f->raw_len);
}

/*
 * Added fields go after the existing ones, as Postfix's cleanup does:
 * Date, then Message-ID (only when the caller gave a unique part; the
 * domain defaults to "localhost"), then From.
 */
static int
add_missing(struct buf *out, const struct hdr_edit *ed, int have_date,
    int have_msgid, int have_from, char *errbuf, size_t errlen)
{
	const char *dom = ed->domain;

	if (!have_date && add_date(out, ed->now, errbuf, errlen) == -1)
		return -1;
	if (dom == NULL || dom[0] == '\0')
		dom = "localhost";
	if (!have_msgid && ed->unique != NULL && ed->unique[0] != '\0' &&
	    buf_printf(out, "Message-ID: <%s@%s>\r\n", ed->unique, dom) == -1)
		return errbuf_set(errbuf, errlen, "out of memory");
	if (!have_from && add_from(out, ed, errbuf, errlen) == -1)
		return -1;
	return 0;
}

int
hdr_rewrite(const char *block, size_t len, const struct hdr_edit *ed,
    struct buf *out, char *errbuf, size_t errlen)
{
	struct buf added = BUF_INIT;
	struct hdr_field f;
	size_t pos = 0, start = out->len;
	int have_date = 0, have_msgid = 0, have_from = 0;

	while (hdr_next(block, len, &pos, &f)) {
		have_date |= hdr_is(&f, "Date");
		have_msgid |= hdr_is(&f, "Message-ID");
		have_from |= hdr_is(&f, "From");
		if (copy_field(out, &f, ed) == -1)
			goto nomem;
	}
	if (add_missing(&added, ed, have_date, have_msgid, have_from, errbuf,
	    errlen) == -1)
		goto fail;
	/* A last line without its line end must not swallow what follows. */
	if (added.len > 0 && out->len > start &&
	    out->data[out->len - 1] != '\n' && buf_addstr(out, "\r\n") == -1)
		goto nomem;
	if (buf_add(out, added.data, added.len) == -1)
		goto nomem;
	buf_free(&added);
	return 0;
nomem:
	errbuf_set(errbuf, errlen, "out of memory");
fail:
	buf_free(&added);
	out->len = start;
	if (out->data != NULL)
		out->data[start] = '\0';
	return -1;
}
