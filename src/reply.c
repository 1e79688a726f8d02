/*
 * SMTP reply parsing. Strict on purpose: a reply we cannot read with
 * certainty is a protocol error, not something to guess at (OpenSMTPD
 * does the same). Text is kept short and printable for messages: UTF-8
 * passes (RFC 6531 servers send it), other high bytes do not.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reply.h"

static void
set_reason(char *errbuf, size_t errlen, const char *reason)
{
	if (errlen > 0)
		snprintf(errbuf, errlen, "%s", reason);
}

/* "5.1.1 " at the start of the text: class 2, 4 or 5, then digits. */
static size_t
enhanced_len(const char *t, size_t len)
{
	size_t i = 0, part;
	int dots = 0;

	if (len < 5 || (t[0] != '2' && t[0] != '4' && t[0] != '5'))
		return 0;
	for (;;) {
		for (part = 0; i < len && isdigit((unsigned char)t[i]); i++)
			part++;
		if (part == 0 || part > 3)
			return 0;
		if (dots == 2)
			break;
		if (i >= len || t[i] != '.')
			return 0;
		dots++;
		i++;
	}
	if (i < len && t[i] != ' ')
		return 0;
	return i;
}

/*
 * Octets of the UTF-8 character at t when it is well formed and not a
 * C1 control, else 0. The text kept goes to a terminal and to logs,
 * where a stray 0x9b byte could start an escape sequence.
 */
static size_t
utf8_len(const unsigned char *t, size_t len)
{
	unsigned long cp;
	size_t n, i;

	if (t[0] < 0xc2 || t[0] > 0xf4)
		return 0;
	n = t[0] >= 0xf0 ? 4 : t[0] >= 0xe0 ? 3 : 2;
	if (len < n)
		return 0;
	cp = t[0] & (0x7fu >> n);
	for (i = 1; i < n; i++) {
		if ((t[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (t[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, C1 controls. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp < 0xa0)
		return 0;
	return n;
}

/* Adds t, with every high byte that is not good UTF-8 shown as '?'. */
static void
append_text(struct reply *r, const char *t, size_t len)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t have = strlen(r->text), i = 0, n;

	if (have > 0 && have + 1 < sizeof(r->text))
		r->text[have++] = ' ';
	while (i < len) {
		n = u[i] < 0x80 ? 1 : utf8_len(u + i, len - i);
		if (have + (n ? n : 1) >= sizeof(r->text))
			break;
		if (n == 0) {
			r->text[have++] = '?';
			i++;
		} else {
			memcpy(r->text + have, t + i, n);
			have += n;
			i += n;
		}
	}
	r->text[have] = '\0';
}

int
reply_add_line(struct reply *r, const char *line, size_t len,
    char *errbuf, size_t errlen)
{
	size_t i, elen;
	int code;

	if (r->complete)
		return set_reason(errbuf, errlen, "reply after a final line"), -1;
	if (len + 2 > REPLY_LINE_MAX)
		return set_reason(errbuf, errlen, "line longer than 512 octets"), -1;
	if (len < 3 || !isdigit((unsigned char)line[0]) ||
	    !isdigit((unsigned char)line[1]) || !isdigit((unsigned char)line[2]))
		return set_reason(errbuf, errlen, "no reply code"), -1;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if (code < 200 || code > 599)
		return set_reason(errbuf, errlen, "reply code out of range"), -1;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return set_reason(errbuf, errlen, "bad separator after code"), -1;
	for (i = 3; i < len; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') ||
		    line[i] == 0x7f)
			return set_reason(errbuf, errlen, "control byte in reply"), -1;
	if (r->nlines > 0 && code != r->code)
		return set_reason(errbuf, errlen, "codes differ within a reply"), -1;
	if (r->nlines >= REPLY_LINES_MAX)
		return set_reason(errbuf, errlen, "too many lines in a reply"), -1;

	if (r->nlines == 0) {
		r->code = code;
		snprintf(r->text, sizeof(r->text), "%d", code);
	}
	r->nlines++;
	r->complete = (len == 3 || line[3] == ' ');
	if (len > 4) {
		line += 4;
		len -= 4;
		/* Repeated enhanced codes on continuation lines add nothing. */
		elen = enhanced_len(line, len);
		if (elen > 0 && r->enhanced[0] == '\0' && elen < sizeof(r->enhanced)) {
			memcpy(r->enhanced, line, elen);
			r->enhanced[elen] = '\0';
			append_text(r, line, len);
		} else if (elen > 0 && r->nlines > 1) {
			line += elen;
			len -= elen;
			while (len > 0 && *line == ' ')
				line++, len--;
			if (len > 0)
				append_text(r, line, len);
		} else
			append_text(r, line, len);
	}
	return 0;
}

struct ext_name {
	const char	*name;
	unsigned	 bit;
};

static const struct ext_name ext_names[] = {
	{ "PIPELINING",		 EXT_PIPELINING },
	{ "SIZE",		 EXT_SIZE },
	{ "8BITMIME",		 EXT_8BITMIME },
	{ "SMTPUTF8",		 EXT_SMTPUTF8 },
	{ "DSN",		 EXT_DSN },
	{ "ENHANCEDSTATUSCODES", EXT_ENHANCEDSTATUSCODES },
	{ "STARTTLS",		 EXT_STARTTLS },
	{ "AUTH",		 EXT_AUTH },
	{ "CHUNKING",		 EXT_CHUNKING },
	{ "BINARYMIME",		 EXT_BINARYMIME },
};

static void
add_auth_mechs(struct caps *c, const char *p, size_t len)
{
	size_t have = strlen(c->auth), i;

	for (i = 0; i < len && have + 2 < sizeof(c->auth); i++) {
		if (have > 0 && i == 0 && c->auth[have - 1] != ' ')
			c->auth[have++] = ' ';
		c->auth[have++] = (char)toupper((unsigned char)p[i]);
	}
	c->auth[have] = '\0';
}

void
reply_ehlo_line(struct caps *c, const char *text, size_t len)
{
	size_t kw, i;
	const char *arg;
	unsigned long size;

	for (kw = 0; kw < len && text[kw] != ' ' && text[kw] != '='; kw++)
		;
	arg = text + kw;
	while (arg < text + len && (*arg == ' ' || *arg == '='))
		arg++;
	for (i = 0; i < sizeof(ext_names) / sizeof(ext_names[0]); i++) {
		if (strlen(ext_names[i].name) != kw ||
		    strncasecmp(text, ext_names[i].name, kw) != 0)
			continue;
		c->ext |= ext_names[i].bit;
		if (ext_names[i].bit == EXT_SIZE) {
			size = 0;
			for (; arg < text + len && isdigit((unsigned char)*arg); arg++) {
				if (size > (~0UL - 9) / 10)
					break;
				size = size * 10 + (unsigned long)(*arg - '0');
			}
			c->size = size;
		} else if (ext_names[i].bit == EXT_AUTH)
			add_auth_mechs(c, arg, (size_t)(text + len - arg));
		return;
	}
}
