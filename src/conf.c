/*
 * Configuration: finds the file (SPEC §2 order), reads it and its
 * includes, parses it with libconfuse, enforces the password permission
 * rule (SPEC §8) and resolves every account into a plain struct account.
 * This is the only file that calls cfg_*.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include <confuse.h>

#include "buf.h"
#include "conf.h"
#include "err.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define NONE		((size_t)-1)
#define INCLUDE_MAX	10		/* nesting, as libconfuse allows */
#define FILE_MAX	(1024 * 1024)	/* a larger config file is a mistake */
#define TOTAL_MAX	(4 * FILE_MAX)	/* all files, as includes can repeat */

#ifndef SYSCONFDIR
#define SYSCONFDIR	"/etc"
#endif

/*
 * Value parsers. They are pure (no libconfuse, no globals) so that the
 * fuzz target and the --port option can use them too.
 */

struct name {
	const char	*name;
	int		 value;
	int		 alias;		/* accepted, never listed or printed */
};

static const struct name tls_names[] = {
	{ "none", TLS_NONE, 0 },
	{ "starttls", TLS_STARTTLS, 0 },
	{ "tls", TLS_IMPLICIT, 0 },
	{ NULL, 0, 0 }
};

static const struct name auth_names[] = {
	{ "none", AUTH_NONE, 0 },
	{ "auto", AUTH_AUTO, 0 },
	{ "plain", AUTH_PLAIN, 0 },
	{ "login", AUTH_LOGIN, 0 },
	{ "cram-md5", AUTH_CRAM_MD5, 0 },
	{ "scram-sha-1", AUTH_SCRAM_SHA_1, 0 },
	{ "scram-sha-256", AUTH_SCRAM_SHA_256, 0 },
	{ "xoauth2", AUTH_XOAUTH2, 0 },
	{ "oauthbearer", AUTH_OAUTHBEARER, 0 },
	{ "external", AUTH_EXTERNAL, 0 },
	{ "off", AUTH_NONE, 1 },	/* msmtp's spelling */
	{ "on", AUTH_AUTO, 1 },
	{ NULL, 0, 0 }
};

static const struct name protocol_names[] = {
	{ "smtp", PROTO_SMTP, 0 },
	{ "lmtp", PROTO_LMTP, 0 },
	{ NULL, 0, 0 }
};

static int	seterr(char *, size_t, const char *, ...)
		    __attribute__((__format__(printf, 3, 4)));

static int
seterr(char *errbuf, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (errbuf != NULL && errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(errbuf, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A value fit for an error message: printable, at most ~40 bytes. */
static const char *
quote(const char *s, char *out, size_t outsz)
{
	size_t i, n = 0;

	for (i = 0; s[i] != '\0' && n + 4 < outsz && n < 40; i++)
		out[n++] = isprint((unsigned char)s[i]) ? s[i] : '?';
	if (s[i] != '\0') {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static int
name_parse(const struct name *t, const char *what, const char *s, int *v,
    char *errbuf, size_t errsz)
{
	char list[160], q[48];
	size_t i, n = 0;
	int r;

	for (i = 0; t[i].name != NULL; i++) {
		if (strcasecmp(s, t[i].name) == 0) {
			*v = t[i].value;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; t[i].name != NULL; i++) {
		if (t[i].alias)
			continue;
		r = snprintf(list + n, sizeof(list) - n, "%s%s",
		    n > 0 ? ", " : "", t[i].name);
		if (r < 0 || (size_t)r >= sizeof(list) - n)
			break;
		n += (size_t)r;
	}
	return seterr(errbuf, errsz, "unknown %s '%s' (use one of: %s)", what,
	    quote(s, q, sizeof(q)), list);
}

static const char *
name_of(const struct name *t, int v)
{
	size_t i;

	for (i = 0; t[i].name != NULL; i++)
		if (t[i].value == v)
			return t[i].name;
	return "?";
}

int
conf_parse_tls(const char *s, enum tls_mode *mode, char *errbuf,
    size_t errsz)
{
	int v;

	if (name_parse(tls_names, "tls mode", s, &v, errbuf, errsz) == -1)
		return -1;
	*mode = (enum tls_mode)v;
	return 0;
}

int
conf_parse_auth(const char *s, enum auth_mech *mech, char *errbuf,
    size_t errsz)
{
	int v;

	if (name_parse(auth_names, "auth mechanism", s, &v, errbuf,
	    errsz) == -1)
		return -1;
	*mech = (enum auth_mech)v;
	return 0;
}

int
conf_parse_protocol(const char *s, enum protocol *proto, char *errbuf,
    size_t errsz)
{
	int v;

	if (name_parse(protocol_names, "protocol", s, &v, errbuf,
	    errsz) == -1)
		return -1;
	*proto = (enum protocol)v;
	return 0;
}

const char *
conf_tls_name(enum tls_mode m)
{
	return name_of(tls_names, (int)m);
}

const char *
conf_auth_name(enum auth_mech m)
{
	return name_of(auth_names, (int)m);
}

const char *
conf_protocol_name(enum protocol p)
{
	return name_of(protocol_names, (int)p);
}

int
conf_parse_duration(const char *s, long *seconds, char *errbuf, size_t errsz)
{
	static const struct {
		char	 suffix;
		long	 mult;
	} units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 7 * 86400 }
	};
	const char *p;
	char q[48];
	long v = 0, mult = 1;
	size_t i;

	for (p = s; isdigit((unsigned char)*p); p++) {
		if (v > (LONG_MAX - (*p - '0')) / 10)
			goto range;
		v = v * 10 + (*p - '0');
	}
	if (p == s)
		goto bad;
	if (*p != '\0') {
		for (i = 0; i < NITEMS(units); i++)
			if (units[i].suffix == tolower((unsigned char)*p))
				break;
		if (i == NITEMS(units) || p[1] != '\0')
			goto bad;
		mult = units[i].mult;
	}
	if (v > LONG_MAX / mult)
		goto range;
	*seconds = v * mult;
	return 0;
bad:
	return seterr(errbuf, errsz, "'%s' is not a duration (use seconds, or "
	    "a number followed by s, m, h, d or w)", quote(s, q, sizeof(q)));
range:
	return seterr(errbuf, errsz, "duration '%s' is too large",
	    quote(s, q, sizeof(q)));
}

int
conf_parse_port(const char *s, int *port, char *errbuf, size_t errsz)
{
	const char *p;
	char q[48];
	long v = 0;

	for (p = s; isdigit((unsigned char)*p) && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p != '\0' || v < 1 || v > 65535)
		return seterr(errbuf, errsz, "'%s' is not a port number "
		    "(1 to 65535)", quote(s, q, sizeof(q)));
	*port = (int)v;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "sha256:AB:CD:..." or bare hex; colons between bytes are optional. */
int
conf_parse_fingerprint(const char *s, unsigned char out[32], char *errbuf,
    size_t errsz)
{
	const char *p = s;
	char q[48];
	size_t n;
	int hi, lo;

	if (strncasecmp(p, "sha256:", 7) == 0)
		p += 7;
	for (n = 0; n < 32; n++) {
		if (n > 0 && *p == ':')
			p++;
		if ((hi = hexval((unsigned char)p[0])) < 0 ||
		    (lo = hexval((unsigned char)p[1])) < 0)
			break;
		out[n] = (unsigned char)(hi << 4 | lo);
		p += 2;
	}
	if (n < 32 || *p != '\0')
		return seterr(errbuf, errsz, "'%s' is not a SHA-256 "
		    "fingerprint (use sha256: and 32 hex bytes, "
		    "as in sha256:4F:0B:...)", quote(s, q, sizeof(q)));
	return 0;
}

static int
check_fingerprint(const char *s, char *errbuf, size_t errsz)
{
	unsigned char fp[32];

	return conf_parse_fingerprint(s, fp, errbuf, errsz);
}

static int
check_tls_version(const char *s, char *errbuf, size_t errsz)
{
	static const char *const versions[] = { "1.0", "1.1", "1.2", "1.3" };
	char q[48];
	size_t i;

	for (i = 0; i < NITEMS(versions); i++)
		if (strcmp(s, versions[i]) == 0)
			return 0;
	return seterr(errbuf, errsz, "unknown TLS version '%s' (use 1.0, 1.1, "
	    "1.2 or 1.3)", quote(s, q, sizeof(q)));
}

/* RFC 3461 NOTIFY: NEVER, or a list of SUCCESS, FAILURE, DELAY. */
static int
check_dsn_notify(const char *s, char *errbuf, size_t errsz)
{
	static const char *const words[] = { "success", "failure", "delay" };
	const char *p = s;
	char q[48];
	size_t i, len;

	if (strcasecmp(s, "never") == 0)
		return 0;
	for (;;) {
		len = strcspn(p, ",");
		for (i = 0; i < NITEMS(words); i++)
			if (strlen(words[i]) == len &&
			    strncasecmp(p, words[i], len) == 0)
				break;
		if (i == NITEMS(words))
			return seterr(errbuf, errsz, "'%s' is not a DSN notify "
			    "list (use never, or success,failure,delay or "
			    "some of them)", quote(s, q, sizeof(q)));
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static int
check_dsn_return(const char *s, char *errbuf, size_t errsz)
{
	char q[48];

	if (strcasecmp(s, "full") == 0 || strcasecmp(s, "hdrs") == 0)
		return 0;
	return seterr(errbuf, errsz, "'%s' is not a DSN return type (use full "
	    "or hdrs)", quote(s, q, sizeof(q)));
}

static int
check_ip(const char *s, char *errbuf, size_t errsz)
{
	unsigned char addr[sizeof(struct in6_addr)];
	char q[48];

	if (inet_pton(AF_INET, s, addr) == 1 ||
	    inet_pton(AF_INET6, s, addr) == 1)
		return 0;
	return seterr(errbuf, errsz, "'%s' is not an IPv4 or IPv6 address",
	    quote(s, q, sizeof(q)));
}

/*
 * Account keys: name, how the value is stored, built-in default and an
 * extra check for strings. Indexed by enum account_key. The libconfuse
 * side of the same list is ACCOUNT_OPTS below.
 */
enum kind { K_STR, K_NUM, K_BOOL, K_LIST };

struct akey {
	const char	*name;
	enum kind	 kind;
	size_t		 off;		/* K_STR: the char * in struct account */
	const char	*defstr;
	long		 defnum;
	int		(*check)(const char *, char *, size_t);
};

#define STRKEY(n, f, d, c)	{ n, K_STR, offsetof(struct account, f), d, 0, c }
#define NUMKEY(n, k, d)		{ n, k, 0, NULL, d, NULL }

static const struct akey akeys[AK_COUNT] = {
	[AK_HOST] = STRKEY("host", host, "", NULL),
	[AK_PORT] = NUMKEY("port", K_NUM, 0),	/* 0: by tls, below */
	[AK_TLS] = NUMKEY("tls", K_NUM, TLS_STARTTLS),
	[AK_TLS_VERIFY] = NUMKEY("tls_verify", K_BOOL, 1),
	[AK_TLS_CA_FILE] = STRKEY("tls_ca_file", tls_ca_file, "", NULL),
	[AK_TLS_FINGERPRINT] = STRKEY("tls_fingerprint", tls_fingerprint, "",
	    check_fingerprint),
	[AK_TLS_CERT_FILE] = STRKEY("tls_cert_file", tls_cert_file, "", NULL),
	[AK_TLS_KEY_FILE] = STRKEY("tls_key_file", tls_key_file, "", NULL),
	[AK_TLS_PRIORITIES] = STRKEY("tls_priorities", tls_priorities, "",
	    NULL),
	[AK_TLS_MIN_VERSION] = STRKEY("tls_min_version", tls_min_version,
	    "1.2", check_tls_version),
	[AK_AUTH] = NUMKEY("auth", K_NUM, AUTH_AUTO),
	[AK_USER] = STRKEY("user", user, "", NULL),
	[AK_PASSWORD] = STRKEY("password", password, "", NULL),
	[AK_PASSWORD_COMMAND] = STRKEY("password_command", password_command,
	    "", NULL),
	[AK_FROM] = STRKEY("from", from, "", NULL),
	[AK_FROM_MATCH] = NUMKEY("from_match", K_LIST, 0),
	[AK_SET_FROM_HEADER] = NUMKEY("set_from_header", K_BOOL, 0),
	[AK_FALLBACK] = STRKEY("fallback", fallback, "", NULL),
	[AK_PROTOCOL] = NUMKEY("protocol", K_NUM, PROTO_SMTP),
	[AK_DSN_NOTIFY] = STRKEY("dsn_notify", dsn_notify, "",
	    check_dsn_notify),
	[AK_DSN_RETURN] = STRKEY("dsn_return", dsn_return, "",
	    check_dsn_return),
	[AK_SOURCE_IP] = STRKEY("source_ip", source_ip, "", check_ip),
};

const char *
conf_key_name(enum account_key k)
{
	if ((unsigned)k >= AK_COUNT)
		return "?";
	return akeys[k].name;
}

static const struct akey *
akey_find(const char *name)
{
	size_t i;

	for (i = 0; i < AK_COUNT; i++)
		if (strcmp(akeys[i].name, name) == 0)
			return &akeys[i];
	return NULL;
}

/* Global string keys, copied as they are into struct config. */
static const struct {
	const char	*name;
	size_t		 off;
} gkeys[] = {
	{ "domain", offsetof(struct config, domain) },
	{ "logfile", offsetof(struct config, logfile) },
	{ "queue_dir", offsetof(struct config, queue_dir) },
	{ "dead_letter", offsetof(struct config, dead_letter) },
	{ "aliases", offsetof(struct config, aliases) },
	{ "default_account", offsetof(struct config, default_account) },
};

static char **
strfield(void *base, size_t off)
{
	return (char **)(void *)((char *)base + off);
}

/*
 * Reading the files. libconfuse (3.3 at least) miscounts lines after
 * comments (a "#" line counts three) and handles include() itself, so
 * errors would point at the wrong line and included files could not be
 * fstat'ed for the permission rule. So postie reads every file itself,
 * drops the comments (keeping line breaks), splices include("FILE") in
 * place, and hands libconfuse one text without comments, whose line
 * count it gets right. map[] turns a line of that text back into the
 * file and line it came from. The scanner follows libconfuse's lexer
 * (lexer.l) for what starts a comment or a string.
 */
struct lineref {
	size_t	 file;		/* index in parse.files */
	int	 line;
};

struct srcfile {
	char		*name;
	struct stat	 st;
	int		 pwline;	/* line of a non-empty password, or 0 */
};

/* Where a key was last set, in lines of the text given to libconfuse. */
struct loc {
	cfg_t		*sec;
	const char	*key;
	int		 line;
};

struct parse {
	struct err	*e;
	int		 failed;	/* e holds the first error */
	struct buf	 text;
	struct lineref	*map;		/* map[n]: line n of text */
	size_t		 nmap, mapcap;
	struct srcfile	*files;
	size_t		 nfiles, filecap;
	struct loc	*locs;
	size_t		 nlocs, loccap;
	int		 depth;		/* include nesting */
	size_t		 total;		/* bytes read from all files */
	int		 braces;	/* open '{' */
	struct lineref	 brace;		/* where the outermost one is */
};

struct scan {
	struct parse	*p;
	size_t		 file;
	const char	*t;		/* NUL-terminated file contents */
	size_t		 i;
	int		 line;
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

static int
parse_nomem(struct parse *p)
{
	p->failed = 1;
	return err_nomem(p->e, "reading the configuration");
}

static int	parse_fail(struct parse *, size_t, int, const char *, ...)
		    __attribute__((__format__(printf, 4, 5)));

/* Sets "file:line: what" (or "file: what" when line is 0). */
static int
parse_fail(struct parse *p, size_t file, int line, const char *fmt, ...)
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
map_push(struct parse *p, size_t file, int line)
{
	struct lineref *m;

	if ((m = grow(p->map, &p->mapcap, p->nmap + 1, sizeof(*m))) == NULL)
		return parse_nomem(p);
	p->map = m;
	m[p->nmap].file = file;
	m[p->nmap].line = line;
	p->nmap++;
	return 0;
}

/* Ends a line of the text; the next one comes from file:line. */
static int
text_newline(struct parse *p, size_t file, int line)
{
	if (buf_addch(&p->text, '\n') == -1)
		return parse_nomem(p);
	return map_push(p, file, line);
}

/* Line n of the text as "file:line". */
static void
ref_format(const struct parse *p, int n, char *out, size_t outsz)
{
	const struct lineref *r;

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
	return parse_fail(sc->p, sc->file, sc->line, "%s", msg);
}

static int
scan_copy(struct scan *sc, size_t n)
{
	if (buf_add(&sc->p->text, sc->t + sc->i, n) == -1)
		return parse_nomem(sc->p);
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
		return parse_nomem(sc->p);
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
					return parse_nomem(sc->p);
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
		return t[1] == '0' && (t[2] == '0' || hexval(t[2]) < 0);
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
			if (q == '"' && (r = scan_envref(sc, &done)) == -1)
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
	struct parse *p = sc->p;

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

static int	src_read(struct parse *, const char *, size_t, int);

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
		parse_nomem(sc->p);
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
src_slurp(struct parse *p, size_t file, int fd, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[8192], *nul;
	ssize_t n;
	int r = -1;

	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1) {
			if (errno == EINTR)
				continue;
			parse_fail(p, file, 0, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > FILE_MAX) {
			parse_fail(p, file, 0, "larger than %d bytes", FILE_MAX);
			goto out;
		}
		if (buf_add(&b, chunk, (size_t)n) == -1) {
			parse_nomem(p);
			goto out;
		}
	}
	if (b.len > 0 && (nul = memchr(b.data, '\0', b.len)) != NULL) {
		for (n = 1; nul > b.data; nul--)
			n += nul[-1] == '\n';
		parse_fail(p, file, (int)n, "NUL byte in the file");
		goto out;
	}
	if (buf_addch(&b, '\0') == -1) {
		parse_nomem(p);
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
src_add(struct parse *p, const char *path, size_t *idx)
{
	struct srcfile *f;

	if ((f = grow(p->files, &p->filecap, p->nfiles + 1,
	    sizeof(*f))) == NULL)
		return parse_nomem(p);
	p->files = f;
	f = &p->files[p->nfiles];
	memset(f, 0, sizeof(*f));
	if ((f->name = strdup(path)) == NULL)
		return parse_nomem(p);
	*idx = p->nfiles++;
	return 0;
}

/*
 * Reads path into the text; from:from_line is the include() that names
 * it, from is NONE for the main file. Each file is fstat'ed through the
 * descriptor it is read from, for the permission rule.
 */
static int
src_read(struct parse *p, const char *path, size_t from, int from_line)
{
	struct scan sc;
	char *data = NULL;
	size_t idx = 0, len = 0;
	int fd, r;

	if (p->depth >= INCLUDE_MAX)
		return parse_fail(p, from, from_line, "include() nested more "
		    "than %d deep", INCLUDE_MAX);
	if (src_add(p, path, &idx) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1 ||
	    fstat(fd, &p->files[idx].st) == -1) {
		r = errno;
		if (fd != -1)
			close(fd);
		if (from == NONE)
			return parse_fail(p, idx, 0, "%s", strerror(r));
		return parse_fail(p, from, from_line, "cannot include %s: %s",
		    path, strerror(r));
	}
	r = src_slurp(p, idx, fd, &data, &len);
	close(fd);
	if (r == -1)
		return -1;
	if ((p->total += len) > TOTAL_MAX) {
		secure_wipe(data, len);
		free(data);
		return parse_fail(p, from, from_line, "included files add up "
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

/*
 * libconfuse. Its callbacks carry no user pointer, so the parse in
 * progress is reached through this pointer, set and cleared around
 * cfg_parse_buf() in conf_load(). The library keeps global lexer state
 * of its own, so two parses can never run at once anyway.
 */
static struct parse *cur;

static void	on_error(cfg_t *, const char *, va_list)
		    __attribute__((__format__(printf, 2, 0)));

static void
on_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	struct parse *p = cur;
	char msg[400], where[300];

	if (p == NULL || p->failed)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	ref_format(p, cfg != NULL ? cfg->line : 0, where, sizeof(where));
	err_set(p->e, EX_CONFIG, "%s: %s", where, msg);
	p->failed = 1;
}

static int
cb_fail(cfg_t *cfg, cfg_opt_t *opt, const char *msg)
{
	cfg_error(cfg, "%s: %s", cfg_opt_name(opt), msg);
	return -1;
}

static int
cb_port(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char msg[200];
	int port;

	if (conf_parse_port(value, &port, msg, sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	*(long *)result = port;
	return 0;
}

static int
cb_tls(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	enum tls_mode m;
	char msg[200];

	if (conf_parse_tls(value, &m, msg, sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	*(long *)result = m;
	return 0;
}

static int
cb_auth(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	enum auth_mech m;
	char msg[200];

	if (conf_parse_auth(value, &m, msg, sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	*(long *)result = m;
	return 0;
}

static int
cb_protocol(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	enum protocol m;
	char msg[200];

	if (conf_parse_protocol(value, &m, msg, sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	*(long *)result = m;
	return 0;
}

/* timeout and queue_lifetime: a duration above zero (timeout: an int). */
static int
cb_duration(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char msg[200];
	long v;

	if (conf_parse_duration(value, &v, msg, sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	if (v == 0)
		return cb_fail(cfg, opt, "must be more than 0");
	if (strcmp(cfg_opt_name(opt), "timeout") == 0 && v > INT_MAX)
		return cb_fail(cfg, opt, "is too large");
	*(long *)result = v;
	return 0;
}

/*
 * Every account key, written once: at top level it is the default for
 * all accounts, in an account section it is that account's own value.
 * No libconfuse defaults (CFGF_NODEFAULT), so that "not set" can be
 * seen and the value looked for further up; built-in defaults are in
 * akeys[].
 */
#define ACCOUNT_OPTS \
	CFG_STR("host", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("port", 0, CFGF_NODEFAULT, cb_port), \
	CFG_INT_CB("tls", 0, CFGF_NODEFAULT, cb_tls), \
	CFG_BOOL("tls_verify", cfg_true, CFGF_NODEFAULT), \
	CFG_STR("tls_ca_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_fingerprint", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_cert_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_key_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_priorities", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_min_version", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("auth", 0, CFGF_NODEFAULT, cb_auth), \
	CFG_STR("user", NULL, CFGF_NODEFAULT), \
	CFG_STR("password", NULL, CFGF_NODEFAULT), \
	CFG_STR("password_command", NULL, CFGF_NODEFAULT), \
	CFG_STR("from", NULL, CFGF_NODEFAULT), \
	CFG_STR_LIST("from_match", NULL, CFGF_NODEFAULT), \
	CFG_BOOL("set_from_header", cfg_false, CFGF_NODEFAULT), \
	CFG_STR("fallback", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("protocol", 0, CFGF_NODEFAULT, cb_protocol), \
	CFG_STR("dsn_notify", NULL, CFGF_NODEFAULT), \
	CFG_STR("dsn_return", NULL, CFGF_NODEFAULT), \
	CFG_STR("source_ip", NULL, CFGF_NODEFAULT)

static cfg_opt_t account_opts[] = {
	ACCOUNT_OPTS,
	CFG_STR("inherit", NULL, CFGF_NODEFAULT),
	CFG_END()
};

static cfg_opt_t root_opts[] = {
	ACCOUNT_OPTS,
	CFG_STR("domain", "", CFGF_NONE),
	CFG_INT_CB("timeout", 60, CFGF_NONE, cb_duration),
	CFG_BOOL("syslog", cfg_true, CFGF_NONE),
	CFG_STR("logfile", "", CFGF_NONE),
	CFG_STR("queue_dir", "", CFGF_NONE),
	CFG_INT_CB("queue_lifetime", 5 * 86400, CFGF_NONE, cb_duration),
	CFG_STR("dead_letter", "~/dead.letter", CFGF_NONE),
	CFG_STR("aliases", "", CFGF_NONE),
	CFG_BOOL("qualify_headers", cfg_true, CFGF_NONE),
	CFG_STR("default_account", "default", CFGF_NONE),
	CFG_SEC("account", account_opts,
	    CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_END()
};

static struct loc *
loc_find(const struct parse *p, const cfg_t *sec, const char *key)
{
	size_t i;

	for (i = 0; i < p->nlocs; i++)
		if (p->locs[i].sec == sec && strcmp(p->locs[i].key, key) == 0)
			return &p->locs[i];
	return NULL;
}

/* Remembers where sec's key is set; "+=" keeps the first place. */
static int
loc_set(struct parse *p, cfg_t *sec, cfg_opt_t *opt)
{
	struct loc *l;

	if ((l = loc_find(p, sec, cfg_opt_name(opt))) != NULL) {
		if (!(opt->flags & CFGF_LIST) || cfg_opt_size(opt) <= 1)
			l->line = sec->line;
		return 0;
	}
	if ((l = grow(p->locs, &p->loccap, p->nlocs + 1, sizeof(*l))) == NULL)
		return parse_nomem(p);
	p->locs = l;
	l[p->nlocs].sec = sec;
	l[p->nlocs].key = cfg_opt_name(opt);
	l[p->nlocs].line = sec->line;
	p->nlocs++;
	return 0;
}

/*
 * Called by libconfuse after each value is stored: records where it
 * was set, refuses line breaks (header and command injection) and runs
 * the key's own check.
 */
static int
on_value(cfg_t *sec, cfg_opt_t *opt)
{
	struct parse *p = cur;
	const struct akey *k;
	const char *s = NULL;
	char msg[200];

	if (p == NULL || loc_set(p, sec, opt) == -1)
		return -1;
	if (opt->type == CFGT_STR && cfg_opt_size(opt) > 0)
		s = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1);
	if (s == NULL || *s == '\0')
		return 0;
	if (strpbrk(s, "\r\n") != NULL)
		return cb_fail(sec, opt, "line breaks are not allowed in "
		    "a value");
	k = akey_find(cfg_opt_name(opt));
	if (k != NULL && k->check != NULL &&
	    k->check(s, msg, sizeof(msg)) == -1)
		return cb_fail(sec, opt, msg);
	if (k == &akeys[AK_PASSWORD] && sec->line >= 1 &&
	    (size_t)sec->line < p->nmap &&
	    p->files[p->map[sec->line].file].pwline == 0)
		p->files[p->map[sec->line].file].pwline =
		    p->map[sec->line].line;
	return 0;
}

static void
set_validators(cfg_t *cfg)
{
	const cfg_opt_t *o;
	char name[64];

	for (o = root_opts; o->name != NULL; o++)
		if (o->type != CFGT_SEC)
			cfg_set_validate_func(cfg, o->name, on_value);
	for (o = account_opts; o->name != NULL; o++) {
		snprintf(name, sizeof(name), "account|%s", o->name);
		cfg_set_validate_func(cfg, name, on_value);
	}
}

/*
 * Resolving accounts: each key from the account itself, else along its
 * inherit chain, else from the top level, else the built-in default.
 */
struct resolve {
	struct parse	*p;
	cfg_t		*root;
	cfg_t		**secs;		/* per account; NULL: implicit default */
	size_t		*parent;	/* the account inherited, or NONE */
};

static int
isset(cfg_t *sec, const char *key)
{
	cfg_opt_t *o;

	if ((o = cfg_getopt(sec, key)) == NULL)
		return 0;
	/* MODIFIED also catches "from_match = {}", which has no value. */
	return cfg_opt_size(o) > 0 || (o->flags & CFGF_MODIFIED);
}

/* "file:line" where sec sets key. */
static void
loc_format(const struct parse *p, const cfg_t *sec, const char *key,
    char *out, size_t outsz)
{
	const struct loc *l;

	if ((l = loc_find(p, sec, key)) != NULL)
		ref_format(p, l->line, out, outsz);
	else
		snprintf(out, outsz, "%s", p->files[0].name);
}

static int	key_fail(const struct resolve *, const cfg_t *, const char *,
		    const char *, ...)
		    __attribute__((__format__(printf, 4, 5)));

static int
key_fail(const struct resolve *r, const cfg_t *sec, const char *key,
    const char *fmt, ...)
{
	char at[300], msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	loc_format(r->p, sec, key, at, sizeof(at));
	r->p->failed = 1;
	return err_set(r->p->e, EX_CONFIG, "%s: %s: %s", at, key, msg);
}

static size_t
account_index(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->naccounts; i++)
		if (c->accounts[i].name != NULL &&
		    strcmp(c->accounts[i].name, name) == 0)
			return i;
	return NONE;
}

static int
accounts_name(struct resolve *r, struct config *c)
{
	const char *t;
	char at[300];
	size_t i;

	for (i = 0; i < c->naccounts; i++) {
		t = r->secs[i] != NULL ? cfg_title(r->secs[i]) : "default";
		if (t == NULL || *t == '\0' || strpbrk(t, "\r\n") != NULL) {
			ref_format(r->p, r->secs[i]->line, at, sizeof(at));
			r->p->failed = 1;
			return err_set(r->p->e, EX_CONFIG, "%s: an account "
			    "name must not be empty or hold line breaks", at);
		}
		if ((c->accounts[i].name = strdup(t)) == NULL)
			return parse_nomem(r->p);
	}
	return 0;
}

/* An inherit chain that comes back on itself: name the whole cycle. */
static int
cycle_check(struct resolve *r, struct config *c, size_t i)
{
	struct buf b = BUF_INIT;
	size_t j, v, steps;
	int ok = 0;

	for (j = i, steps = 0; j != NONE && steps <= c->naccounts; steps++)
		j = r->parent[j];
	if (j == NONE)
		return 0;
	v = j;			/* past naccounts steps: inside the cycle */
	do {
		ok |= buf_printf(&b, "%s -> ", c->accounts[j].name);
		j = r->parent[j];
	} while (j != v);
	ok |= buf_addstr(&b, c->accounts[v].name);
	if (ok == -1)
		parse_nomem(r->p);
	else
		key_fail(r, r->secs[v], "inherit", "inheritance cycle: %s",
		    b.data);
	buf_free(&b);
	return -1;
}

static int
accounts_link(struct resolve *r, struct config *c)
{
	const char *name;
	size_t i, j;

	for (i = 0; i < c->naccounts; i++) {
		r->parent[i] = NONE;
		if (r->secs[i] == NULL || !isset(r->secs[i], "inherit") ||
		    (name = cfg_getstr(r->secs[i], "inherit")) == NULL ||
		    *name == '\0')
			continue;
		if ((j = account_index(c, name)) == NONE)
			return key_fail(r, r->secs[i], "inherit",
			    "there is no account named '%s'", name);
		r->parent[i] = j;
	}
	for (i = 0; i < c->naccounts; i++)
		if (cycle_check(r, c, i) == -1)
			return -1;
	return 0;
}

/* Where account i's key comes from: NULL for the built-in default. */
static cfg_t *
key_source(const struct resolve *r, size_t i, const char *key,
    size_t *holder)
{
	size_t j;

	for (j = i; j != NONE; j = r->parent[j]) {
		if (r->secs[j] != NULL && isset(r->secs[j], key)) {
			*holder = j;
			return r->secs[j];
		}
	}
	*holder = NONE;
	return isset(r->root, key) ? r->root : NULL;
}

static int
list_copy(struct account *a, cfg_t *src)
{
	size_t i, n;

	n = src != NULL ? cfg_size(src, akeys[AK_FROM_MATCH].name) : 0;
	if ((a->from_match = calloc(n + 1, sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if ((a->from_match[i] = strdup(cfg_getnstr(src,
		    akeys[AK_FROM_MATCH].name, (unsigned)i))) == NULL)
			return -1;
		a->nfrom_match++;
	}
	return 0;
}

static void
num_store(struct account *a, enum account_key k, long v)
{
	switch (k) {
	case AK_PORT:
		a->port = (int)v;
		break;
	case AK_TLS:
		a->tls = (enum tls_mode)v;
		break;
	case AK_TLS_VERIFY:
		a->tls_verify = v != 0;
		break;
	case AK_AUTH:
		a->auth = (enum auth_mech)v;
		break;
	case AK_SET_FROM_HEADER:
		a->set_from_header = v != 0;
		break;
	case AK_PROTOCOL:
		a->protocol = (enum protocol)v;
		break;
	default:
		break;
	}
}

static int
value_copy(struct account *a, enum account_key k, cfg_t *src)
{
	const struct akey *d = &akeys[k];
	const char *s;
	char **field;
	long v;

	switch (d->kind) {
	case K_STR:
		s = src != NULL ? cfg_getstr(src, d->name) : d->defstr;
		field = strfield(a, d->off);
		*field = strdup(s != NULL ? s : "");
		return *field == NULL ? -1 : 0;
	case K_LIST:
		return list_copy(a, src);
	case K_BOOL:
		v = src != NULL ? cfg_getbool(src, d->name) : d->defnum;
		break;
	default:
		v = src != NULL ? cfg_getint(src, d->name) : d->defnum;
		break;
	}
	num_store(a, k, v);
	return 0;
}

static void
origin_set(const struct resolve *r, struct config *c, size_t i,
    enum account_key k, const cfg_t *src, size_t holder)
{
	struct origin *o = &c->accounts[i].origin[k];
	char at[sizeof(o->where)];

	if (src == NULL) {
		snprintf(o->where, sizeof(o->where), "default");
		return;
	}
	loc_format(r->p, src, akeys[k].name, at, sizeof(at));
	if (holder == i)
		snprintf(o->where, sizeof(o->where), "%s", at);
	else if (holder == NONE)
		snprintf(o->where, sizeof(o->where), "top level (%.140s)", at);
	else
		snprintf(o->where, sizeof(o->where), "inherited from %.40s "
		    "(%.100s)", c->accounts[holder].name, at);
}

static int
account_resolve(struct resolve *r, struct config *c, size_t i)
{
	struct account *a = &c->accounts[i];
	cfg_t *src, *fallback_src = NULL;
	size_t holder;
	int k;

	for (k = 0; k < AK_COUNT; k++) {
		src = key_source(r, i, akeys[k].name, &holder);
		if (value_copy(a, (enum account_key)k, src) == -1)
			return parse_nomem(r->p);
		origin_set(r, c, i, (enum account_key)k, src, holder);
		if (k == AK_FALLBACK)
			fallback_src = src;
	}
	if (a->port == 0)
		a->port = a->tls == TLS_NONE ? 25 :
		    a->tls == TLS_IMPLICIT ? 465 : 587;
	if (*a->fallback == '\0')
		return 0;
	/* A fallback set at top level also reaches the account it names. */
	if (strcmp(a->fallback, a->name) == 0)
		a->fallback[0] = '\0';
	else if (account_index(c, a->fallback) == NONE)
		return key_fail(r, fallback_src, "fallback",
		    "there is no account named '%s'", a->fallback);
	return 0;
}

static int
globals_load(struct config *c, cfg_t *cfg)
{
	const char *s;
	char **field;
	size_t i;

	for (i = 0; i < NITEMS(gkeys); i++) {
		s = cfg_getstr(cfg, gkeys[i].name);
		field = strfield(c, gkeys[i].off);
		if ((*field = strdup(s != NULL ? s : "")) == NULL)
			return -1;
	}
	c->timeout = (int)cfg_getint(cfg, "timeout");
	c->syslog = cfg_getbool(cfg, "syslog") != cfg_false;
	c->queue_lifetime = cfg_getint(cfg, "queue_lifetime");
	c->qualify_headers = cfg_getbool(cfg, "qualify_headers") != cfg_false;
	return 0;
}

static int
config_fill(struct config *c, cfg_t *cfg, struct parse *p)
{
	struct resolve r;
	size_t i, nsec;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.p = p;
	r.root = cfg;
	if ((c->path = strdup(p->files[0].name)) == NULL ||
	    globals_load(c, cfg) == -1)
		return parse_nomem(p);
	/* There is always an account "default", at worst the top level. */
	nsec = cfg_size(cfg, "account");
	c->naccounts = nsec +
	    (cfg_gettsec(cfg, "account", "default") == NULL ? 1 : 0);
	if ((c->accounts = calloc(c->naccounts, sizeof(*c->accounts))) ==
	    NULL || (r.secs = calloc(c->naccounts, sizeof(*r.secs))) == NULL ||
	    (r.parent = calloc(c->naccounts, sizeof(*r.parent))) == NULL) {
		parse_nomem(p);
		goto out;
	}
	for (i = 0; i < nsec; i++)
		r.secs[i] = cfg_getnsec(cfg, "account", (unsigned)i);
	if (accounts_name(&r, c) == -1 || accounts_link(&r, c) == -1)
		goto out;
	for (i = 0; i < c->naccounts; i++)
		if (account_resolve(&r, c, i) == -1)
			goto out;
	if (account_index(c, c->default_account) == NONE) {
		key_fail(&r, cfg, "default_account", "there is no account "
		    "named '%s'", c->default_account);
		goto out;
	}
	rc = 0;
out:
	free(r.secs);
	free(r.parent);
	return rc;
}

/*
 * SPEC §8, after OpenSSH: a file holding a password may be read by its
 * group only when it is owned by root and that group is postie's (a
 * setgid deployment), and never by others.
 */
static int
perms_check(struct parse *p)
{
	const struct srcfile *f;
	mode_t mode;
	size_t i;

	for (i = 0; i < p->nfiles; i++) {
		f = &p->files[i];
		mode = f->st.st_mode & 07777;
		if (f->pwline == 0 || (!(mode & S_IROTH) &&
		    (!(mode & S_IRGRP) ||
		    (f->st.st_uid == 0 && f->st.st_gid == getegid()))))
			continue;
		return parse_fail(p, i, f->pwline, "a password is set in a "
		    "file that %s can read (mode %04o); run: chmod 600 %s",
		    (mode & S_IROTH) ? "everyone" : "its group",
		    (unsigned)mode, f->name);
	}
	return 0;
}

static void
password_wipe(cfg_t *sec)
{
	char *s;

	if (cfg_size(sec, "password") > 0 &&
	    (s = cfg_getstr(sec, "password")) != NULL)
		secure_wipe(s, strlen(s));
}

/* libconfuse frees without wiping: wipe its copies of passwords first. */
static void
passwords_wipe(cfg_t *cfg)
{
	cfg_t *sec;
	unsigned i, n;

	password_wipe(cfg);
	n = cfg_size(cfg, "account");
	for (i = 0; i < n; i++)
		if ((sec = cfg_getnsec(cfg, "account", i)) != NULL)
			password_wipe(sec);
}

static void
parse_free(struct parse *p)
{
	size_t i;

	for (i = 0; i < p->nfiles; i++)
		free(p->files[i].name);
	free(p->files);
	free(p->map);
	free(p->locs);
	buf_wipe(&p->text);
}

int
conf_load(struct config *c, const char *path, struct err *e)
{
	struct parse p;
	cfg_t *cfg = NULL;
	int r, rc = -1;

	memset(c, 0, sizeof(*c));
	memset(&p, 0, sizeof(p));
	p.e = e;
	if (map_push(&p, 0, 0) == -1 || src_read(&p, path, NONE, 0) == -1)
		goto out;
	if ((cfg = cfg_init(root_opts, CFGF_NONE)) == NULL) {
		parse_nomem(&p);
		goto out;
	}
	cfg_set_error_function(cfg, on_error);
	set_validators(cfg);
	cur = &p;
	r = cfg_parse_buf(cfg, p.text.data != NULL ? p.text.data : "");
	cur = NULL;
	if (r != CFG_SUCCESS) {
		if (!p.failed)
			parse_fail(&p, 0, 0, "cannot be parsed");
		goto out;
	}
	/* libconfuse accepts a section cut short by the end of the file. */
	if (p.braces > 0) {
		parse_fail(&p, p.brace.file, p.brace.line, "this '{' is "
		    "never closed");
		goto out;
	}
	if (perms_check(&p) == -1 || config_fill(c, cfg, &p) == -1)
		goto out;
	rc = 0;
out:
	if (cfg != NULL) {
		passwords_wipe(cfg);
		cfg_free(cfg);
	}
	parse_free(&p);
	if (rc == -1)
		conf_free(c);
	return rc;
}

const struct account *
conf_account(const struct config *c, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	i = account_index(c, name);
	return i == NONE ? NULL : &c->accounts[i];
}

static void
account_free(struct account *a)
{
	size_t i;

	if (a->password != NULL)
		secure_wipe(a->password, strlen(a->password));
	for (i = 0; i < AK_COUNT; i++)
		if (akeys[i].kind == K_STR)
			free(*strfield(a, akeys[i].off));
	for (i = 0; a->from_match != NULL && a->from_match[i] != NULL; i++)
		free(a->from_match[i]);
	free(a->from_match);
	free(a->name);
}

void
conf_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; c->accounts != NULL && i < c->naccounts; i++)
		account_free(&c->accounts[i]);
	free(c->accounts);
	for (i = 0; i < NITEMS(gkeys); i++)
		free(*strfield(c, gkeys[i].off));
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/*
 * Finding the file. A file the caller names (-C, $POSTIE_CONFIG) or
 * places (the user files) is checked with access(), which uses the real
 * uid: postie may run setgid, and must not read for the caller what the
 * caller could not read (SPEC §8).
 */
static int
find_chosen(const char *path, const char *how, char **out, struct err *e)
{
	if (access(path, R_OK) == -1)
		return err_set(e, EX_CONFIG, "%s: %s (named by %s)", path,
		    strerror(errno), how);
	if ((*out = strdup(path)) == NULL)
		return err_nomem(e, "finding the configuration file");
	return 0;
}

static char *
path_printf(const char *a, const char *b)
{
	struct buf p = BUF_INIT;

	if (buf_printf(&p, "%s%s", a, b) == -1) {
		buf_free(&p);
		return NULL;
	}
	return p.data;
}

/* The candidates, in order: two user files, then the system file. */
static int
find_candidates(const char *home, char *cand[3])
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	/* XDG: a relative $XDG_CONFIG_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		cand[0] = path_printf(xdg, "/postie/postie.conf");
	else if (home != NULL)
		cand[0] = path_printf(home, "/.config/postie/postie.conf");
	if (home != NULL)
		cand[1] = path_printf(home, "/.postierc");
	cand[2] = strdup(SYSCONFDIR "/postie.conf");
	if ((cand[0] == NULL && ((xdg != NULL && xdg[0] == '/') ||
	    home != NULL)) || (cand[1] == NULL && home != NULL) ||
	    cand[2] == NULL)
		return -1;
	return 0;
}

int
conf_find(const char *explicit_path, const char *home, char **path,
    struct err *e)
{
	char *cand[3] = { NULL, NULL, NULL };
	struct buf tried = BUF_INIT;
	const char *env;
	struct stat st;
	size_t i;
	int rc = -1;

	*path = NULL;
	if (explicit_path != NULL)
		return find_chosen(explicit_path, "-C", path, e);
	if ((env = getenv("POSTIE_CONFIG")) != NULL && *env != '\0')
		return find_chosen(env, "$POSTIE_CONFIG", path, e);
	if (find_candidates(home, cand) == -1) {
		err_nomem(e, "finding the configuration file");
		goto out;
	}
	for (i = 0; i < NITEMS(cand); i++) {
		if (cand[i] == NULL)
			continue;
		if (i < 2 ? access(cand[i], F_OK) == 0 :
		    stat(cand[i], &st) == 0) {
			if (i < 2 && access(cand[i], R_OK) == -1) {
				err_set(e, EX_CONFIG, "%s: %s", cand[i],
				    strerror(errno));
				goto out;
			}
			*path = cand[i];
			cand[i] = NULL;
			rc = 0;
			goto out;
		}
		if (buf_printf(&tried, "%s%s", tried.len ? ", " : "",
		    cand[i]) == -1) {
			err_nomem(e, "finding the configuration file");
			goto out;
		}
	}
	err_set(e, EX_CONFIG, "no configuration file found (tried %s)",
	    tried.data);
out:
	for (i = 0; i < NITEMS(cand); i++)
		free(cand[i]);
	buf_free(&tried);
	return rc;
}
