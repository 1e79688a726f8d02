/*
 * Configuration values: the pure parsers of conf.h (durations, ports,
 * fingerprints, the tls/auth/protocol names) and the rule of each key
 * that has one, looked up by key name for conf.c's callbacks. No
 * libconfuse and no globals, so that the fuzz target and --port use the
 * very same code.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "conf.h"
#include "conf_values.h"
#include "err.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

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

static int	int_enum(size_t, const char *, long *, char *, size_t);
static int	int_port(size_t, const char *, long *, char *, size_t);
static int	int_duration(size_t, const char *, long *, char *, size_t);

/*
 * Integer keys. The enums parse through their names table; their index
 * here also serves conf_parse_tls() and its kin.
 */
enum { IK_TLS, IK_AUTH, IK_PROTOCOL, IK_PORT, IK_TIMEOUT, IK_LIFETIME };

static const struct intkey {
	const char		*key;
	int			(*parse)(size_t, const char *, long *, char *,
				    size_t);
	const struct name	*names;		/* int_enum */
	const char		*what;		/* int_enum: in messages */
	long			 max;		/* int_duration */
} intkeys[] = {
	[IK_TLS] = { "tls", int_enum, tls_names, "tls mode", 0 },
	[IK_AUTH] = { "auth", int_enum, auth_names, "auth mechanism", 0 },
	[IK_PROTOCOL] = { "protocol", int_enum, protocol_names, "protocol",
	    0 },
	[IK_PORT] = { "port", int_port, NULL, NULL, 0 },
	[IK_TIMEOUT] = { "timeout", int_duration, NULL, NULL, INT_MAX },
	[IK_LIFETIME] = { "queue_lifetime", int_duration, NULL, NULL,
	    LONG_MAX },
};

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
name_parse(size_t k, const char *s, int *v, char *errbuf, size_t errsz)
{
	const struct name *t = intkeys[k].names;
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
	return errbuf_set(errbuf, errsz, "unknown %s '%s' (use one of: %s)",
	    intkeys[k].what, quote(s, q, sizeof(q)), list);
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

	if (name_parse(IK_TLS, s, &v, errbuf, errsz) == -1)
		return -1;
	*mode = (enum tls_mode)v;
	return 0;
}

int
conf_parse_auth(const char *s, enum auth_mech *mech, char *errbuf,
    size_t errsz)
{
	int v;

	if (name_parse(IK_AUTH, s, &v, errbuf, errsz) == -1)
		return -1;
	*mech = (enum auth_mech)v;
	return 0;
}

int
conf_parse_protocol(const char *s, enum protocol *proto, char *errbuf,
    size_t errsz)
{
	int v;

	if (name_parse(IK_PROTOCOL, s, &v, errbuf, errsz) == -1)
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
	return errbuf_set(errbuf, errsz, "'%s' is not a duration (use seconds, or "
	    "a number followed by s, m, h, d or w)", quote(s, q, sizeof(q)));
range:
	return errbuf_set(errbuf, errsz, "duration '%s' is too large",
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
		return errbuf_set(errbuf, errsz, "'%s' is not a port number "
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
		return errbuf_set(errbuf, errsz, "'%s' is not a SHA-256 "
		    "fingerprint (use sha256: and 32 hex bytes, "
		    "as in sha256:4F:0B:...)", quote(s, q, sizeof(q)));
	return 0;
}

static int
int_enum(size_t k, const char *s, long *v, char *errbuf, size_t errsz)
{
	int n = 0;

	if (name_parse(k, s, &n, errbuf, errsz) == -1)
		return -1;
	*v = n;
	return 0;
}

static int
int_port(size_t k, const char *s, long *v, char *errbuf, size_t errsz)
{
	int port = 0;

	(void)k;
	if (conf_parse_port(s, &port, errbuf, errsz) == -1)
		return -1;
	*v = port;
	return 0;
}

/* timeout and queue_lifetime: a duration above zero, up to the key's max. */
static int
int_duration(size_t k, const char *s, long *v, char *errbuf, size_t errsz)
{
	if (conf_parse_duration(s, v, errbuf, errsz) == -1)
		return -1;
	if (*v == 0)
		return errbuf_set(errbuf, errsz, "must be more than 0");
	if (*v > intkeys[k].max)
		return errbuf_set(errbuf, errsz, "is too large");
	return 0;
}

int
conf_values_int(const char *key, const char *s, long *v, char *errbuf,
    size_t errsz)
{
	size_t i;

	for (i = 0; i < NITEMS(intkeys); i++)
		if (strcmp(intkeys[i].key, key) == 0)
			return intkeys[i].parse(i, s, v, errbuf, errsz);
	return errbuf_set(errbuf, errsz, "is not an integer key");
}

/* The rules of string keys, run on each value as it is read. */

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
	return errbuf_set(errbuf, errsz, "unknown TLS version '%s' (use 1.0, 1.1, "
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
			return errbuf_set(errbuf, errsz, "'%s' is not a DSN notify "
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
	return errbuf_set(errbuf, errsz, "'%s' is not a DSN return type (use full "
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
	return errbuf_set(errbuf, errsz, "'%s' is not an IPv4 or IPv6 address",
	    quote(s, q, sizeof(q)));
}

/* from: the envelope sender, sent as it is in MAIL FROM. */
static int
check_from(const char *s, char *errbuf, size_t errsz)
{
	char q[48], why[128];

	if (addr_check_path(s, why, sizeof(why)) == 0)
		return 0;
	return errbuf_set(errbuf, errsz, "'%s' is not an address: %s",
	    quote(s, q, sizeof(q)), why);
}

static const struct {
	const char	*key;
	int		(*check)(const char *, char *, size_t);
} checks[] = {
	{ "from", check_from },
	{ "tls_fingerprint", check_fingerprint },
	{ "tls_min_version", check_tls_version },
	{ "dsn_notify", check_dsn_notify },
	{ "dsn_return", check_dsn_return },
	{ "source_ip", check_ip },
};

int
conf_values_check(const char *key, const char *s, char *errbuf, size_t errsz)
{
	size_t i;

	for (i = 0; i < NITEMS(checks); i++)
		if (strcmp(checks[i].key, key) == 0)
			return checks[i].check(s, errbuf, errsz);
	return 0;
}
