/*
 * conf.c and user.c: the value parsers as tables, then whole files
 * written at run time into a private temporary directory (so their
 * modes are the ones the test sets), loaded and checked value by value,
 * origin by origin, and error by exact "file:line".
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "priv.h"
#include "user.h"
#include "t.h"

static char dir[512];

/* Fails the run with a message when a fixture cannot be made. */
static void
die(const char *what)
{
	printf("FAIL: setup: %s: %s\n", what, strerror(errno));
	exit(99);
}

static const char *
path_of(const char *name)
{
	static char p[8][1024];
	static int k;

	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

/* "dir/name:line", as error messages and origins spell it. */
static const char *
at(const char *name, int line)
{
	static char s[8][1100];
	static int k;

	k = (k + 1) % 8;
	snprintf(s[k], sizeof(s[k]), "%s/%s:%d", dir, name, line);
	return s[k];
}

static void
mkdirs(const char *name)
{
	if (mkdir(path_of(name), 0700) == -1 && errno != EEXIST)
		die(name);
}

static const char *
put(const char *name, mode_t mode, const char *text)
{
	const char *p = path_of(name);
	FILE *f;

	if ((f = fopen(p, "w")) == NULL)
		die(name);
	if (fputs(text, f) == EOF || fclose(f) == EOF)
		die(name);
	if (chmod(p, mode) == -1)
		die(name);
	return p;
}

static int
load(struct config *c, struct err *e, mode_t mode, const char *text)
{
	err_clear(e);
	return conf_load(c, put("t.conf", mode, text), e);
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

/* ---- value parsers ---- */

static void
test_duration(void)
{
	static const struct {
		const char	*in;
		int		 ok;
		long		 want;
	} t[] = {
		{ "0", 1, 0 }, { "60", 1, 60 }, { "5s", 1, 5 }, { "5m", 1, 300 },
		{ "2h", 1, 7200 }, { "5d", 1, 432000 }, { "1w", 1, 604800 },
		{ "3D", 1, 259200 }, { "007", 1, 7 },
		{ "9223372036854775807", 1, 9223372036854775807L },
		{ "", 0, 0 }, { "-1", 0, 0 }, { "5x", 0, 0 }, { "5dd", 0, 0 },
		{ " 5", 0, 0 }, { "5 ", 0, 0 }, { "1.5h", 0, 0 }, { "d", 0, 0 },
		{ "+5", 0, 0 }, { "1h30m", 0, 0 },
		{ "9223372036854775808", 0, 0 },
		{ "99999999999999999999", 0, 0 },
		{ "9223372036854775807w", 0, 0 }, { "15250284452471189w", 0, 0 },
	};
	char label[128], eb[256];
	size_t i;
	long v;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(label, sizeof(label), "duration '%s'", t[i].in);
		eb[0] = '\0';
		v = -7;
		r = conf_parse_duration(t[i].in, &v, eb, sizeof(eb));
		T_CHECK(label, t[i].ok ? r == 0 && v == t[i].want :
		    r == -1 && eb[0] != '\0');
	}
}

static void
test_enums(void)
{
	static const struct {
		const char	*in;
		int		 want;		/* -1: must be refused */
	} tls[] = {
		{ "none", TLS_NONE }, { "starttls", TLS_STARTTLS },
		{ "tls", TLS_IMPLICIT }, { "STARTTLS", TLS_STARTTLS },
		{ "", -1 }, { "ssl", -1 }, { "sometimes", -1 },
		{ "starttls ", -1 }, { "on", -1 },
	}, auth[] = {
		{ "none", AUTH_NONE }, { "auto", AUTH_AUTO },
		{ "plain", AUTH_PLAIN }, { "login", AUTH_LOGIN },
		{ "cram-md5", AUTH_CRAM_MD5 }, { "scram-sha-1", AUTH_SCRAM_SHA_1 },
		{ "scram-sha-256", AUTH_SCRAM_SHA_256 },
		{ "xoauth2", AUTH_XOAUTH2 }, { "oauthbearer", AUTH_OAUTHBEARER },
		{ "external", AUTH_EXTERNAL }, { "on", AUTH_AUTO },
		{ "off", AUTH_NONE }, { "PLAIN", AUTH_PLAIN },
		{ "", -1 }, { "cram_md5", -1 }, { "scram", -1 }, { "md5", -1 },
	}, proto[] = {
		{ "smtp", PROTO_SMTP }, { "lmtp", PROTO_LMTP },
		{ "LMTP", PROTO_LMTP }, { "esmtp", -1 }, { "", -1 },
	};
	char label[128], eb[256];
	enum tls_mode m;
	enum auth_mech a;
	enum protocol p;
	size_t i;
	int r;

	for (i = 0; i < sizeof(tls) / sizeof(tls[0]); i++) {
		snprintf(label, sizeof(label), "tls '%s'", tls[i].in);
		eb[0] = '\0';
		r = conf_parse_tls(tls[i].in, &m, eb, sizeof(eb));
		T_CHECK(label, tls[i].want < 0 ? r == -1 && eb[0] != '\0' :
		    r == 0 && (int)m == tls[i].want);
	}
	for (i = 0; i < sizeof(auth) / sizeof(auth[0]); i++) {
		snprintf(label, sizeof(label), "auth '%s'", auth[i].in);
		eb[0] = '\0';
		r = conf_parse_auth(auth[i].in, &a, eb, sizeof(eb));
		T_CHECK(label, auth[i].want < 0 ? r == -1 && eb[0] != '\0' :
		    r == 0 && (int)a == auth[i].want);
	}
	for (i = 0; i < sizeof(proto) / sizeof(proto[0]); i++) {
		snprintf(label, sizeof(label), "protocol '%s'", proto[i].in);
		eb[0] = '\0';
		r = conf_parse_protocol(proto[i].in, &p, eb, sizeof(eb));
		T_CHECK(label, proto[i].want < 0 ? r == -1 && eb[0] != '\0' :
		    r == 0 && (int)p == proto[i].want);
	}
	conf_parse_tls("sometimes", &m, eb, sizeof(eb));
	T_STREQ("tls error lists the choices", eb,
	    "unknown tls mode 'sometimes' (use one of: none, starttls, tls)");
}

static void
test_names(void)
{
	char label[64];
	enum tls_mode m;
	enum auth_mech a;
	enum protocol p;
	int i, j, ok;

	for (i = TLS_NONE; i <= TLS_IMPLICIT; i++) {
		snprintf(label, sizeof(label), "tls name %d round trip", i);
		T_CHECK(label, conf_parse_tls(conf_tls_name((enum tls_mode)i),
		    &m, NULL, 0) == 0 && (int)m == i);
	}
	for (i = AUTH_NONE; i <= AUTH_EXTERNAL; i++) {
		snprintf(label, sizeof(label), "auth name %d round trip", i);
		T_CHECK(label, conf_parse_auth(conf_auth_name(
		    (enum auth_mech)i), &a, NULL, 0) == 0 && (int)a == i);
	}
	for (i = PROTO_SMTP; i <= PROTO_LMTP; i++) {
		snprintf(label, sizeof(label), "protocol name %d round trip", i);
		T_CHECK(label, conf_parse_protocol(conf_protocol_name(
		    (enum protocol)i), &p, NULL, 0) == 0 && (int)p == i);
	}
	T_STREQ("tls name", conf_tls_name(TLS_IMPLICIT), "tls");
	T_STREQ("auth name", conf_auth_name(AUTH_AUTO), "auto");
	T_STREQ("key name", conf_key_name(AK_TLS_MIN_VERSION),
	    "tls_min_version");
	T_STREQ("key name out of range", conf_key_name(AK_COUNT), "?");
	ok = 1;
	for (i = 0; i < AK_COUNT; i++)
		for (j = 0; j < i; j++)
			if (strcmp(conf_key_name((enum account_key)i),
			    conf_key_name((enum account_key)j)) == 0 ||
			    strcmp(conf_key_name((enum account_key)i), "?") == 0)
				ok = 0;
	T_CHECK("key names distinct", ok);
}

static void
test_port(void)
{
	static const struct {
		const char	*in;
		int		 want;		/* -1: must be refused */
	} t[] = {
		{ "1", 1 }, { "25", 25 }, { "587", 587 }, { "65535", 65535 },
		{ "0", -1 }, { "65536", -1 }, { "", -1 }, { "-1", -1 },
		{ "+5", -1 }, { "5a", -1 }, { "99999999999999", -1 },
		{ " 25", -1 }, { "0x19", -1 },
	};
	char label[64], eb[256];
	size_t i;
	int r, v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(label, sizeof(label), "port '%s'", t[i].in);
		eb[0] = '\0';
		v = -7;
		r = conf_parse_port(t[i].in, &v, eb, sizeof(eb));
		T_CHECK(label, t[i].want < 0 ? r == -1 && eb[0] != '\0' :
		    r == 0 && v == t[i].want);
	}
}

static void
test_fingerprint(void)
{
	static const char colons[] = "sha256:00:11:22:33:44:55:66:77:88:99:"
	    "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
	static const char bare[] = "00112233445566778899aabbccddeeff"
	    "00112233445566778899AABBCCDDEEFF";
	static const struct {
		const char	*in;
		int		 ok;
	} t[] = {
		{ colons, 1 }, { bare, 1 }, { colons + 7, 1 },
		{ "SHA256:00112233445566778899aabbccddeeff"
		    "00112233445566778899aabbccddeeff", 1 },
		{ "", 0 }, { "sha256:", 0 }, { "sha1:00:11", 0 },
		{ "sha256:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE", 0 },
		{ "sha256:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00", 0 },
		{ "sha256:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:", 0 },
		{ "sha256::00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", 0 },
		{ "sha256:0G:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", 0 },
		{ "sha256:0:011:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
		    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", 0 },
	};
	unsigned char fp[32];
	char label[160], eb[256];
	size_t i;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(label, sizeof(label), "fingerprint '%.60s'", t[i].in);
		eb[0] = '\0';
		r = conf_parse_fingerprint(t[i].in, fp, eb, sizeof(eb));
		T_CHECK(label, t[i].ok ? r == 0 : r == -1 && eb[0] != '\0');
	}
	conf_parse_fingerprint(colons, fp, NULL, 0);
	T_CHECK("fingerprint bytes", fp[0] == 0x00 && fp[1] == 0x11 &&
	    fp[10] == 0xAA && fp[31] == 0xFF);
}

/* ---- whole files ---- */

static void
test_full(void)
{
	struct config c;
	struct err e;
	const struct account *a, *d;
	int r;

	r = load(&c, &e, 0600,
	    "# every key\n"					/* 1 */
	    "domain = \"host.example.org\"\n"
	    "timeout = 2m\n"
	    "syslog = false\n"
	    "logfile = \"/var/log/postie.log\"\n"		/* 5 */
	    "queue_dir = \"/var/spool/postie\"\n"
	    "queue_lifetime = 2d\n"
	    "dead_letter = \"~/mail/dead\"\n"
	    "aliases = \"/etc/aliases\"\n"
	    "qualify_headers = no\n"				/* 10 */
	    "default_account = \"work\"\n"
	    "\n"
	    "account work {\n"
	    "  host = \"smtp.example.com\"\n"
	    "  port = 2525\n"					/* 15 */
	    "  tls = tls\n"
	    "  tls_verify = off\n"
	    "  tls_ca_file = \"/etc/ssl/ca.pem\"\n"
	    "  tls_fingerprint = \"sha256:00112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff\"\n"
	    "  tls_cert_file = \"/c.pem\"\n"			/* 20 */
	    "  tls_key_file = \"/k.pem\"\n"
	    "  tls_priorities = \"NORMAL:-VERS-TLS1.0\"\n"
	    "  tls_min_version = \"1.3\"\n"
	    "  auth = scram-sha-256\n"
	    "  user = \"me\"\n"					/* 25 */
	    "  password = \"secret\"\n"
	    "  password_command = \"pass show mail\"\n"
	    "  from = \"me@example.com\"\n"
	    "  from_match = {\"*@example.com\", \"me@*\"}\n"
	    "  set_from_header = true\n"			/* 30 */
	    "  fallback = \"default\"\n"
	    "  protocol = lmtp\n"
	    "  dsn_notify = \"success,failure\"\n"
	    "  dsn_return = \"hdrs\"\n"
	    "  source_ip = \"192.0.2.1\"\n"			/* 35 */
	    "}\n");
	T_CHECK("full: loads", r == 0);
	if (r == -1) {
		printf("  got: %s\n", e.msg);
		return;
	}
	T_STREQ("full: path", c.path, path_of("t.conf"));
	T_STREQ("full: domain", c.domain, "host.example.org");
	T_CHECK("full: timeout", c.timeout == 120);
	T_CHECK("full: syslog", c.syslog == 0);
	T_STREQ("full: logfile", c.logfile, "/var/log/postie.log");
	T_STREQ("full: queue_dir", c.queue_dir, "/var/spool/postie");
	T_CHECK("full: queue_lifetime", c.queue_lifetime == 2 * 86400);
	T_STREQ("full: dead_letter", c.dead_letter, "~/mail/dead");
	T_STREQ("full: aliases", c.aliases, "/etc/aliases");
	T_CHECK("full: qualify_headers", c.qualify_headers == 0);
	T_STREQ("full: default_account", c.default_account, "work");
	T_CHECK("full: two accounts", c.naccounts == 2);
	a = conf_account(&c, "work");
	d = conf_account(&c, "default");
	T_CHECK("full: work and default exist", a != NULL && d != NULL);
	if (a == NULL || d == NULL) {
		conf_free(&c);
		return;
	}
	T_STREQ("full: host", a->host, "smtp.example.com");
	T_CHECK("full: port", a->port == 2525);
	T_CHECK("full: tls", a->tls == TLS_IMPLICIT);
	T_CHECK("full: tls_verify", a->tls_verify == 0);
	T_STREQ("full: tls_ca_file", a->tls_ca_file, "/etc/ssl/ca.pem");
	T_STREQ("full: tls_fingerprint", a->tls_fingerprint, "sha256:"
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	T_STREQ("full: tls_cert_file", a->tls_cert_file, "/c.pem");
	T_STREQ("full: tls_key_file", a->tls_key_file, "/k.pem");
	T_STREQ("full: tls_priorities", a->tls_priorities,
	    "NORMAL:-VERS-TLS1.0");
	T_STREQ("full: tls_min_version", a->tls_min_version, "1.3");
	T_CHECK("full: auth", a->auth == AUTH_SCRAM_SHA_256);
	T_STREQ("full: user", a->user, "me");
	T_STREQ("full: password", a->password, "secret");
	T_STREQ("full: password_command", a->password_command,
	    "pass show mail");
	T_STREQ("full: from", a->from, "me@example.com");
	T_CHECK("full: from_match", a->nfrom_match == 2 &&
	    strcmp(a->from_match[0], "*@example.com") == 0 &&
	    strcmp(a->from_match[1], "me@*") == 0 && a->from_match[2] == NULL);
	T_CHECK("full: set_from_header", a->set_from_header == 1);
	T_STREQ("full: fallback", a->fallback, "default");
	T_CHECK("full: protocol", a->protocol == PROTO_LMTP);
	T_STREQ("full: dsn_notify", a->dsn_notify, "success,failure");
	T_STREQ("full: dsn_return", a->dsn_return, "hdrs");
	T_STREQ("full: source_ip", a->source_ip, "192.0.2.1");
	T_STREQ("full: origin host", a->origin[AK_HOST].where, at("t.conf", 14));
	T_STREQ("full: origin tls_verify", a->origin[AK_TLS_VERIFY].where,
	    at("t.conf", 17));
	T_STREQ("full: origin from_match", a->origin[AK_FROM_MATCH].where,
	    at("t.conf", 29));
	T_STREQ("full: origin source_ip", a->origin[AK_SOURCE_IP].where,
	    at("t.conf", 35));

	/* The implicit default: built-in defaults only. */
	T_STREQ("default: host unset", d->host, "");
	T_CHECK("default: starttls on 587", d->tls == TLS_STARTTLS &&
	    d->port == 587);
	T_CHECK("default: verify, auto, smtp", d->tls_verify == 1 &&
	    d->auth == AUTH_AUTO && d->protocol == PROTO_SMTP);
	T_STREQ("default: tls_min_version", d->tls_min_version, "1.2");
	T_CHECK("default: no from_match", d->nfrom_match == 0 &&
	    d->from_match != NULL && d->from_match[0] == NULL);
	T_CHECK("default: set_from_header off", d->set_from_header == 0);
	T_STREQ("default: origin", d->origin[AK_TLS].where, "default");
	T_STREQ("default: origin port", d->origin[AK_PORT].where, "default");
	conf_free(&c);
}

static void
test_global_defaults(void)
{
	struct config c;
	struct err e;
	const struct account *d;
	char want[1200];
	int r;

	r = load(&c, &e, 0600, "host = \"x.example\"\n");
	T_CHECK("minimal: loads", r == 0);
	if (r == -1)
		return;
	T_CHECK("minimal: one account", c.naccounts == 1);
	d = conf_account(&c, "default");
	T_CHECK("minimal: default exists", d != NULL);
	if (d != NULL) {
		T_STREQ("minimal: host", d->host, "x.example");
		snprintf(want, sizeof(want), "top level (%s)",
		    at("t.conf", 1));
		T_STREQ("minimal: origin", d->origin[AK_HOST].where, want);
	}
	T_STREQ("minimal: domain", c.domain, "");
	T_CHECK("minimal: timeout", c.timeout == 60);
	T_CHECK("minimal: syslog", c.syslog == 1);
	T_CHECK("minimal: queue_lifetime", c.queue_lifetime == 5 * 86400);
	T_STREQ("minimal: dead_letter", c.dead_letter, "~/dead.letter");
	T_CHECK("minimal: qualify_headers", c.qualify_headers == 1);
	T_STREQ("minimal: default_account", c.default_account, "default");
	T_STREQ("minimal: logfile", c.logfile, "");
	T_STREQ("minimal: queue_dir", c.queue_dir, "");
	conf_free(&c);

	r = load(&c, &e, 0600, "");
	T_CHECK("empty file: loads, one account",
	    r == 0 && c.naccounts == 1 && conf_account(&c, "default") != NULL);
	conf_free(&c);
}

static void
test_top_level(void)
{
	struct config c;
	struct err e;
	const struct account *a, *b, *d;
	char want[1200];
	int r;

	r = load(&c, &e, 0600,
	    "host = \"top.example\"\n"		/* 1 */
	    "user = \"topuser\"\n"
	    "tls = none\n"
	    "from_match = {\"*@top\"}\n"
	    "account a {\n"			/* 5 */
	    "  host = \"a.example\"\n"
	    "  from_match = {}\n"
	    "}\n"
	    "account b {\n"
	    "  port = 2525\n"			/* 10 */
	    "  tls = starttls\n"
	    "}\n"
	    "account default {\n"
	    "}\n");
	T_CHECK("top level: loads", r == 0);
	if (r == -1) {
		printf("  got: %s\n", e.msg);
		return;
	}
	a = conf_account(&c, "a");
	b = conf_account(&c, "b");
	d = conf_account(&c, "default");
	T_CHECK("top level: three accounts, explicit default",
	    c.naccounts == 3 && a && b && d);
	if (!a || !b || !d) {
		conf_free(&c);
		return;
	}
	T_STREQ("top level: own host", a->host, "a.example");
	T_STREQ("top level: own host origin", a->origin[AK_HOST].where,
	    at("t.conf", 6));
	T_STREQ("top level: user from top", a->user, "topuser");
	snprintf(want, sizeof(want), "top level (%s)", at("t.conf", 2));
	T_STREQ("top level: user origin", a->origin[AK_USER].where, want);
	T_CHECK("top level: tls none gives port 25", a->tls == TLS_NONE &&
	    a->port == 25);
	T_STREQ("top level: port origin", a->origin[AK_PORT].where, "default");
	T_CHECK("top level: empty list overrides", a->nfrom_match == 0);
	T_CHECK("top level: list inherited", b->nfrom_match == 1 &&
	    strcmp(b->from_match[0], "*@top") == 0);
	T_CHECK("top level: own port and tls", b->port == 2525 &&
	    b->tls == TLS_STARTTLS);
	T_STREQ("top level: default gets host", d->host, "top.example");
	snprintf(want, sizeof(want), "top level (%s)", at("t.conf", 1));
	T_STREQ("top level: default host origin", d->origin[AK_HOST].where,
	    want);
	conf_free(&c);
}

static void
test_inherit(void)
{
	struct config c;
	struct err e;
	const struct account *leaf, *mid;
	char want[1200];
	int r;

	r = load(&c, &e, 0600,
	    "user = \"top\"\n"			/* 1 */
	    "account base {\n"
	    "  host = \"base.example\"\n"
	    "  user = \"baseuser\"\n"
	    "  tls = tls\n"			/* 5 */
	    "}\n"
	    "account mid {\n"
	    "  inherit = \"base\"\n"
	    "  port = 2525\n"
	    "}\n"				/* 10 */
	    "account leaf {\n"
	    "  inherit = \"mid\"\n"
	    "  from = \"leaf@x\"\n"
	    "}\n"
	    "account solo {\n"			/* 15 */
	    "  inherit = \"default\"\n"
	    "}\n");
	T_CHECK("inherit: loads", r == 0);
	if (r == -1) {
		printf("  got: %s\n", e.msg);
		return;
	}
	leaf = conf_account(&c, "leaf");
	mid = conf_account(&c, "mid");
	T_CHECK("inherit: accounts", leaf != NULL && mid != NULL &&
	    c.naccounts == 5);
	if (leaf == NULL || mid == NULL) {
		conf_free(&c);
		return;
	}
	T_STREQ("inherit: host from base", leaf->host, "base.example");
	snprintf(want, sizeof(want), "inherited from base (%s)",
	    at("t.conf", 3));
	T_STREQ("inherit: host origin", leaf->origin[AK_HOST].where, want);
	T_CHECK("inherit: port from mid", leaf->port == 2525);
	snprintf(want, sizeof(want), "inherited from mid (%s)",
	    at("t.conf", 9));
	T_STREQ("inherit: port origin", leaf->origin[AK_PORT].where, want);
	T_STREQ("inherit: own from", leaf->from, "leaf@x");
	T_STREQ("inherit: own origin", leaf->origin[AK_FROM].where,
	    at("t.conf", 13));
	T_STREQ("inherit: beats top level", leaf->user, "baseuser");
	T_CHECK("inherit: tls through two levels", leaf->tls == TLS_IMPLICIT);
	T_STREQ("inherit: default stays default",
	    leaf->origin[AK_AUTH].where, "default");
	T_CHECK("inherit: mid port is its own", mid->port == 2525);
	T_STREQ("inherit: implicit default", conf_account(&c, "solo")->user,
	    "top");
	conf_free(&c);
}

static void
test_fallback_self(void)
{
	struct config c;
	struct err e;
	int r;

	r = load(&c, &e, 0600,
	    "fallback = \"backup\"\n"
	    "account main {\n"
	    "}\n"
	    "account backup {\n"
	    "}\n");
	T_CHECK("fallback at top: loads", r == 0);
	if (r == -1)
		return;
	T_STREQ("fallback at top: main", conf_account(&c, "main")->fallback,
	    "backup");
	T_STREQ("fallback at top: not to itself",
	    conf_account(&c, "backup")->fallback, "");
	conf_free(&c);
}

/* Values survive the comment stripping exactly as libconfuse reads them. */
static void
test_lexing(void)
{
	struct config c;
	struct err e;
	const struct account *d;
	char want[1200];
	int r;

	if (setenv("POSTIE_TEST_USER", "envuser", 1) == -1)
		die("setenv");
	r = load(&c, &e, 0600,
	    "host = \"a#b//c/*d*/\"   # comment\n"
	    "tls_ca_file = /etc/ssl/ca.pem // comment\n"
	    "logfile = /var//log/x//y\n"
	    "user = \"${POSTIE_TEST_USER}\"\n"
	    "password_command = 'echo \"x\" # not a comment'\n"
	    "tls_priorities = \"NORMAL\" /* c */ from = \"f@x\"\n"
	    "tls_key_file = \"a\\\n"
	    "b\"\n"
	    "dsn_return = full#c\n"
	    "tls_cert_file = 'it\\'s'\n");
	T_CHECK("lexing: loads", r == 0);
	if (r == -1) {
		printf("  got: %s\n", e.msg);
		return;
	}
	d = conf_account(&c, "default");
	T_STREQ("lexing: # and // in a string", d->host, "a#b//c/*d*/");
	T_STREQ("lexing: word then // comment", d->tls_ca_file,
	    "/etc/ssl/ca.pem");
	T_STREQ("lexing: // inside a word", c.logfile, "/var//log/x//y");
	T_STREQ("lexing: ${VAR}", d->user, "envuser");
	T_STREQ("lexing: single quotes", d->password_command,
	    "echo \"x\" # not a comment");
	T_STREQ("lexing: after /* */", d->from, "f@x");
	T_STREQ("lexing: continued string", d->tls_key_file, "ab");
	snprintf(want, sizeof(want), "top level (%s)", at("t.conf", 9));
	T_STREQ("lexing: line count after a continued string",
	    d->origin[AK_DSN_RETURN].where, want);
	T_STREQ("lexing: word then #", d->dsn_return, "full");
	T_STREQ("lexing: escaped quote", d->tls_cert_file, "it's");
	conf_free(&c);
}

struct bad {
	const char	*label;
	const char	*text;
	int		 line;		/* 0: no line in the message */
	const char	*want;		/* in the message, after "file:line: " */
};

static void
check_bad(const struct bad *b, size_t n)
{
	struct config c;
	struct err e;
	char prefix[1200], label[200];
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		r = load(&c, &e, 0600, b[i].text);
		if (b[i].line > 0)
			snprintf(prefix, sizeof(prefix), "%s: ",
			    at("t.conf", b[i].line));
		else
			snprintf(prefix, sizeof(prefix), "%s", dir);
		snprintf(label, sizeof(label), "error: %s", b[i].label);
		T_CHECK(label, r == -1 && e.ex == EX_CONFIG &&
		    strncmp(e.msg, prefix, strlen(prefix)) == 0 &&
		    strstr(e.msg + strlen(prefix), b[i].want) != NULL);
		if (r == -1 && (strncmp(e.msg, prefix, strlen(prefix)) != 0 ||
		    strstr(e.msg, b[i].want) == NULL))
			printf("  got: %s\n  want: %s...%s\n", e.msg, prefix,
			    b[i].want);
		if (r == 0)
			conf_free(&c);
	}
}

static void
test_errors(void)
{
	static const struct bad t[] = {
		{ "misspelled key", "host = \"a\"\nhots = \"b\"\n", 2,
		    "no such option 'hots'" },
		{ "after # comments and blank lines",
		    "# one\n# two\n# three\n\n\nhots = 1\n", 6, "'hots'" },
		{ "after empty and // comments",
		    "#\n##\n// c\n//\n\nhots = 1\n", 6, "'hots'" },
		{ "after multi-line comments",
		    "/* a\n b\n c */\n/* d */ /* e */\n\nhots = 1\n", 6,
		    "'hots'" },
		{ "comment at end of value lines",
		    "host = \"a\" # c\nuser = u // c\nport = 25 /* c */\n"
		    "hots = 1\n", 4, "'hots'" },
		{ "inside an account",
		    "account a {\n  # c\n  /* x\n  */\n\n  hots = 1\n}\n", 6,
		    "'hots'" },
		{ "after a multi-line list",
		    "from_match = {\"a\",\n  \"b\"}\nhots = 1\n", 3, "'hots'" },
		{ "after # and // in strings",
		    "host = \"a#b//c\" # real\nhots = 1\n", 2, "'hots'" },
		{ "after a continued string",
		    "host = \"a\\\nb\"\nhots = 1\n", 3, "'hots'" },
		{ "top-level-only key in account",
		    "account a {\n timeout = 5\n}\n", 2, "'timeout'" },
		{ "bad tls", "# c\ntls = sometimes\n", 2,
		    "tls: unknown tls mode 'sometimes'" },
		{ "bad auth in account", "account a {\n  auth = magic\n}\n", 2,
		    "auth: unknown auth mechanism 'magic'" },
		{ "bad protocol", "protocol = esmtp\n", 1,
		    "protocol: unknown protocol" },
		{ "port 0", "port = 0\n", 1, "port: '0' is not a port" },
		{ "port 65536", "\n\nport = 65536\n", 3, "port: '65536'" },
		{ "port word", "account a {\n port = smtp\n}\n", 2,
		    "port: 'smtp'" },
		{ "port negative", "port = -1\n", 1, "port: '-1'" },
		{ "bad duration", "queue_lifetime = 5x\n", 1,
		    "queue_lifetime: '5x' is not a duration" },
		{ "timeout 0", "timeout = 0\n", 1, "timeout: must be more" },
		{ "timeout huge", "timeout = 9999999999\n", 1,
		    "timeout: is too large" },
		{ "bad bool", "tls_verify = maybe\n", 1,
		    "invalid boolean value for option 'tls_verify'" },
		{ "bad fingerprint", "tls_fingerprint = \"sha1:00:11\"\n", 1,
		    "tls_fingerprint: 'sha1:00:11' is not a SHA-256" },
		{ "bad tls_min_version", "tls_min_version = \"1.4\"\n", 1,
		    "tls_min_version: unknown TLS version '1.4'" },
		{ "bad dsn_notify", "dsn_notify = \"success,sometimes\"\n", 1,
		    "dsn_notify:" },
		{ "bad dsn_return", "dsn_return = body\n", 1, "dsn_return:" },
		{ "bad source_ip", "source_ip = \"example.org\"\n", 1,
		    "source_ip: 'example.org' is not an IPv4" },
		{ "CR in a value", "\nhost = \"a\\rb\"\n", 2,
		    "host: line breaks are not allowed" },
		{ "LF in a value", "from = \"a\\nb@x\"\n", 1,
		    "from: line breaks" },
		{ "LF in a list value", "from_match = {\"a\", \"b\\n\"}\n", 1,
		    "from_match: line breaks" },
		{ "LF in a global", "logfile = \"a\\nb\"\n", 1,
		    "logfile: line breaks" },
		{ "NUL escape", "\nuser = \"a\\0b\"\n", 2, "NUL" },
		{ "hex NUL escape", "user = \"a\\x00b\"\n", 1, "NUL" },
		{ "list for a string", "host = {\"a\"}\n", 1,
		    "unexpected token" },
		{ "unknown inherit",
		    "account a {\n\n  inherit = \"nope\"\n}\n", 3,
		    "inherit: there is no account named 'nope'" },
		{ "unknown fallback",
		    "account a {\n  fallback = \"nope\"\n}\n", 2,
		    "fallback: there is no account named 'nope'" },
		{ "unknown fallback at top",
		    "# c\nfallback = \"nope\"\naccount a {\n}\n", 2,
		    "fallback: there is no account named 'nope'" },
		{ "unknown default_account",
		    "# c\n/* c */\ndefault_account = \"nope\"\n", 3,
		    "default_account: there is no account named 'nope'" },
		{ "inherit cycle",
		    "account a {\n  inherit = \"b\"\n}\n"
		    "account b {\n  inherit = \"a\"\n}\n", 2,
		    "inherit: inheritance cycle: a -> b -> a" },
		{ "inherit itself", "account a {\n  inherit = \"a\"\n}\n", 2,
		    "inheritance cycle: a -> a" },
		{ "duplicate account", "account a {\n}\naccount a {\n}\n", 3,
		    "duplicate title 'a'" },
		{ "empty account name", "account \"\" {\n}\n", 2,
		    "account name must not be empty" },
		{ "section never closed",
		    "host = \"x\"\naccount a {\n  host = \"y\"\n", 2,
		    "never closed" },
		{ "comment never closed", "host = \"x\"\n/* open\n\n", 2,
		    "comment is never closed" },
		{ "string never closed", "\nhost = \"abc\n\n", 2,
		    "string is never closed" },
		{ "missing include", "\ninclude(\"nope.conf\")\n", 2,
		    "cannot include" },
		{ "include with two names", "include(\"a\", \"b\")\n", 1,
		    "include() takes one file name" },
		{ "include without a name", "include()\n", 1,
		    "include() takes one file name" },
	};

	struct config c;
	struct err e;
	FILE *f;
	int r;

	check_bad(t, sizeof(t) / sizeof(t[0]));

	if ((f = fopen(path_of("nul.conf"), "w")) == NULL ||
	    fwrite("host = \"a\"\n\nx\0y\n", 1, 16, f) != 16 ||
	    fclose(f) == EOF)
		die("nul.conf");
	err_clear(&e);
	r = conf_load(&c, path_of("nul.conf"), &e);
	T_CHECK("error: NUL byte in the file", r == -1 &&
	    strncmp(e.msg, at("nul.conf", 3), strlen(at("nul.conf", 3))) == 0 &&
	    strstr(e.msg, "NUL byte") != NULL);
}

static void
test_include(void)
{
	struct config c;
	struct err e;
	const struct account *d, *a;
	char want[1200];
	int r;

	mkdirs("inc");
	put("secret.conf", 0600, "user = \"u\"\npassword = \"pw\"\n");
	put("inc/acct.conf", 0644, "# c\n\nfrom = \"a@x\"\n");
	put("inc/bad.conf", 0644, "# c\n\nhots = 1\n");
	r = load(&c, &e, 0644,
	    "host = \"main\"\n"
	    "include(\"secret.conf\")\n"
	    "account a {\n"
	    "  include ( 'inc/acct.conf' )\n"
	    "}\n"
	    "# c\n"
	    "port = 2525\n");
	T_CHECK("include: loads", r == 0);
	if (r == 0) {
		d = conf_account(&c, "default");
		a = conf_account(&c, "a");
		T_STREQ("include: value", d->password, "pw");
		T_STREQ("include: origin in included file",
		    a->origin[AK_FROM].where, at("inc/acct.conf", 3));
		snprintf(want, sizeof(want), "top level (%s)",
		    at("t.conf", 7));
		T_STREQ("include: origin after include",
		    d->origin[AK_PORT].where, want);
		conf_free(&c);
	} else
		printf("  got: %s\n", e.msg);

	r = load(&c, &e, 0600, "\ninclude(\"inc/bad.conf\")\nport = 1\n");
	T_CHECK("include: error in included file names it",
	    r == -1 && strncmp(e.msg, at("inc/bad.conf", 3),
	    strlen(at("inc/bad.conf", 3))) == 0);
	r = load(&c, &e, 0600, "include(\"inc/acct.conf\")\n\nhots = 1\n");
	T_CHECK("include: error after include in main file",
	    r == -1 && strncmp(e.msg, at("t.conf", 3),
	    strlen(at("t.conf", 3))) == 0);
	if (r == 0)
		conf_free(&c);
	put("loop.conf", 0600, "include(\"loop.conf\")\n");
	r = load(&c, &e, 0600, "include(\"loop.conf\")\n");
	T_CHECK("include: loop stops", r == -1 && e.ex == EX_CONFIG &&
	    strstr(e.msg, "nested") != NULL);

	chmod(path_of("secret.conf"), 0644);
	r = load(&c, &e, 0600, "include(\"secret.conf\")\n");
	T_CHECK("include: password in a readable included file refused",
	    r == -1 && strncmp(e.msg, at("secret.conf", 2),
	    strlen(at("secret.conf", 2))) == 0 &&
	    strstr(e.msg, "chmod 600") != NULL);
	if (r == 0)
		conf_free(&c);
}

static void
test_origin_lines(void)
{
	struct config c;
	struct err e;
	char want[1200];
	int r;

	r = load(&c, &e, 0600,
	    "# a\n# b\n/* c\n d */\n// e\n"
	    "host = \"h\"\n"			/* 6 */
	    "port = 2525\n"
	    "\n"
	    "include(\"inc/acct.conf\")\n"	/* 9: from at its line 3 */
	    "user = \"u\"\n");		/* 10 */
	T_CHECK("origin lines: loads", r == 0);
	if (r == -1)
		return;
	snprintf(want, sizeof(want), "top level (%s)", at("t.conf", 6));
	T_STREQ("origin lines: after comments",
	    conf_account(&c, "default")->origin[AK_HOST].where, want);
	snprintf(want, sizeof(want), "top level (%s)", at("inc/acct.conf", 3));
	T_STREQ("origin lines: in include",
	    conf_account(&c, "default")->origin[AK_FROM].where, want);
	snprintf(want, sizeof(want), "top level (%s)", at("t.conf", 10));
	T_STREQ("origin lines: after include",
	    conf_account(&c, "default")->origin[AK_USER].where, want);
	conf_free(&c);
}

static void
test_permissions(void)
{
	struct config c;
	struct err e;
	const char *p;
	int r;

	r = load(&c, &e, 0644, "# c\npassword = \"pw\"\n");
	T_CHECK("perms: 0644 with password refused", r == -1 &&
	    e.ex == EX_CONFIG && strstr(e.msg, "0644") != NULL &&
	    strstr(e.msg, "chmod 600") != NULL &&
	    strncmp(e.msg, at("t.conf", 2), strlen(at("t.conf", 2))) == 0);
	if (r == -1)
		printf("  message: %s\n", e.msg);
	r = load(&c, &e, 0604, "account a {\n password = \"pw\"\n}\n");
	T_CHECK("perms: other-readable, password in account, refused",
	    r == -1 && strstr(e.msg, "everyone") != NULL);
	r = load(&c, &e, 0644, "host = \"x\"\npassword_command = \"y\"\n");
	T_CHECK("perms: 0644 without password fine", r == 0);
	if (r == 0)
		conf_free(&c);
	r = load(&c, &e, 0644, "password = \"\"\n");
	T_CHECK("perms: 0644 with empty password fine", r == 0);
	if (r == 0)
		conf_free(&c);
	r = load(&c, &e, 0600, "password = \"pw\"\n");
	T_CHECK("perms: 0600 with password fine", r == 0);
	if (r == 0)
		conf_free(&c);

	/* Group-readable: only for root's file in postie's own group. */
	p = put("t.conf", 0640, "password = \"pw\"\n");
	if (geteuid() == 0) {
		if (chown(p, 0, getegid()) == -1)
			die("chown");
		err_clear(&e);
		r = conf_load(&c, p, &e);
		T_CHECK("perms: 0640 root:egid accepted", r == 0);
		if (r == 0)
			conf_free(&c);
		if (chown(p, 0, getegid() + 4242) == -1)
			die("chown");
	}
	err_clear(&e);
	r = conf_load(&c, p, &e);
	T_CHECK("perms: 0640 other group or owner refused", r == -1 &&
	    strstr(e.msg, "its group") != NULL);
}

static void
test_find(void)
{
	struct err e;
	char *path, want[1200];
	int r;

	unsetenv("POSTIE_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	mkdirs("home");
	mkdirs("home/.config");
	mkdirs("home/.config/postie");
	mkdirs("xdg");
	mkdirs("xdg/postie");
	mkdirs("empty");
	put("explicit.conf", 0600, "");
	put("env.conf", 0600, "");

	r = conf_find(path_of("explicit.conf"), path_of("home"), &path, &e);
	T_CHECK("find: -C", r == 0 && strcmp(path, path_of("explicit.conf"))
	    == 0);
	if (r == 0)
		free(path);
	r = conf_find(path_of("nope.conf"), path_of("home"), &path, &e);
	T_CHECK("find: -C missing", r == -1 && e.ex == EX_CONFIG &&
	    strstr(e.msg, path_of("nope.conf")) != NULL &&
	    strstr(e.msg, "-C") != NULL);

	setenv("POSTIE_CONFIG", path_of("env.conf"), 1);
	put("xdg/postie/postie.conf", 0600, "");
	setenv("XDG_CONFIG_HOME", path_of("xdg"), 1);
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: $POSTIE_CONFIG first", r == 0 &&
	    strcmp(path, path_of("env.conf")) == 0);
	if (r == 0)
		free(path);
	r = conf_find(path_of("explicit.conf"), path_of("home"), &path, &e);
	T_CHECK("find: -C before $POSTIE_CONFIG", r == 0 &&
	    strcmp(path, path_of("explicit.conf")) == 0);
	if (r == 0)
		free(path);
	setenv("POSTIE_CONFIG", path_of("gone.conf"), 1);
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: $POSTIE_CONFIG missing, no fallback", r == -1 &&
	    e.ex == EX_CONFIG && strstr(e.msg, path_of("gone.conf")) &&
	    strstr(e.msg, "POSTIE_CONFIG"));
	unsetenv("POSTIE_CONFIG");

	put("home/.config/postie/postie.conf", 0600, "");
	put("home/.postierc", 0600, "");
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: $XDG_CONFIG_HOME", r == 0 &&
	    strcmp(path, path_of("xdg/postie/postie.conf")) == 0);
	if (r == 0)
		free(path);
	remove(path_of("xdg/postie/postie.conf"));
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: XDG set, no file there: ~/.postierc", r == 0 &&
	    strcmp(path, path_of("home/.postierc")) == 0);
	if (r == 0)
		free(path);
	unsetenv("XDG_CONFIG_HOME");
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: ~/.config/postie/postie.conf", r == 0 &&
	    strcmp(path, path_of("home/.config/postie/postie.conf")) == 0);
	if (r == 0)
		free(path);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: relative XDG_CONFIG_HOME ignored", r == 0 &&
	    strcmp(path, path_of("home/.config/postie/postie.conf")) == 0);
	if (r == 0)
		free(path);
	unsetenv("XDG_CONFIG_HOME");
	remove(path_of("home/.config/postie/postie.conf"));
	r = conf_find(NULL, path_of("home"), &path, &e);
	T_CHECK("find: ~/.postierc", r == 0 &&
	    strcmp(path, path_of("home/.postierc")) == 0);
	if (r == 0)
		free(path);

	if (access(SYSCONFDIR "/postie.conf", F_OK) == 0) {
		printf("SKIP: find: none found (%s exists)\n",
		    SYSCONFDIR "/postie.conf");
		return;
	}
	r = conf_find(NULL, path_of("empty"), &path, &e);
	snprintf(want, sizeof(want), "no configuration file found (tried "
	    "%s, %s, %s)", path_of("empty/.config/postie/postie.conf"),
	    path_of("empty/.postierc"), SYSCONFDIR "/postie.conf");
	T_CHECK("find: none found", r == -1 && e.ex == EX_CONFIG);
	T_STREQ("find: none found lists the files", e.msg, want);
	setenv("XDG_CONFIG_HOME", path_of("xdg"), 1);
	r = conf_find(NULL, NULL, &path, &e);
	snprintf(want, sizeof(want), "no configuration file found (tried "
	    "%s, %s)", path_of("xdg/postie/postie.conf"),
	    SYSCONFDIR "/postie.conf");
	T_STREQ("find: no home", r == -1 ? e.msg : "found", want);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_user(void)
{
	const struct passwd *pw = getpwuid(getuid());
	struct user u;
	struct err e;
	char *s, want[1200], slash[] = "/";
	int r;

	if (pw == NULL) {
		printf("SKIP: user: no passwd entry\n");
		return;
	}
	mkdirs("myhome");
	setenv("HOME", path_of("myhome"), 1);
	r = user_lookup(&u, &e);
	T_CHECK("user: lookup", r == 0);
	if (r == -1)
		return;
	T_STREQ("user: passwd name", u.name, pw->pw_name);
	T_STREQ("user: own $HOME", u.home, path_of("myhome"));
	s = user_expand(&u, "~/dead.letter");
	snprintf(want, sizeof(want), "%s/dead.letter", path_of("myhome"));
	T_STREQ("user: expand ~/", s, want);
	free(s);
	s = user_expand(&u, "~");
	T_STREQ("user: expand ~", s, path_of("myhome"));
	free(s);
	s = user_expand(&u, "/abs/x");
	T_STREQ("user: absolute", s, "/abs/x");
	free(s);
	s = user_expand(&u, "~other/x");
	T_STREQ("user: ~other untouched", s, "~other/x");
	free(s);
	user_free(&u);

	setenv("HOME", "relative/dir", 1);
	r = user_lookup(&u, &e);
	T_CHECK("user: relative $HOME ignored", r == 0 &&
	    strcmp(u.home, pw->pw_dir) == 0);
	if (r == 0)
		user_free(&u);
	setenv("HOME", path_of("no-such-dir"), 1);
	r = user_lookup(&u, &e);
	T_CHECK("user: missing $HOME ignored", r == 0 &&
	    strcmp(u.home, pw->pw_dir) == 0);
	if (r == 0)
		user_free(&u);
	/* A home that is someone else's, as cron's HOME=/root is. */
	mkdirs("otherhome");
	if (geteuid() == 0 && chown(path_of("otherhome"), 4242, 4242) == -1)
		die("chown");
	setenv("HOME", geteuid() == 0 ? path_of("otherhome") : "/", 1);
	r = user_lookup(&u, &e);
	T_CHECK("user: someone else's $HOME ignored", r == 0 &&
	    strcmp(u.home, pw->pw_dir) == 0);
	if (r == 0)
		user_free(&u);

	u.name = NULL;
	u.home = slash;
	s = user_expand(&u, "~/x");
	T_STREQ("user: home / gives /x", s, "/x");
	free(s);
}

/*
 * When set-group-ID postie gives its group up: whenever the caller
 * chose the configuration file or the server; only the system file,
 * with its own servers, keeps it.
 */
static void
test_caller_chooses(void)
{
	static const struct {
		const char	*label;
		const char	*path;
		const char	*host;
		int		 port;
		int		 diagnose;
		int		 want;
	} cases[] = {
		{ "system file", SYSCONFDIR "/postie.conf", NULL, 0, 0, 0 },
		{ "none found yet", NULL, NULL, 0, 0, 0 },
		{ "-C or a user file", "/home/u/.postierc", NULL, 0, 0, 1 },
		{ "system file, --host", SYSCONFDIR "/postie.conf", "h", 0, 0, 1 },
		{ "system file, --port", SYSCONFDIR "/postie.conf", NULL, 25, 0,
		    1 },
		{ "system file, --diagnose", SYSCONFDIR "/postie.conf", NULL, 0,
		    1, 1 },
		{ "a look-alike path", SYSCONFDIR "/postie.conf.d/x", NULL, 0, 0,
		    1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_CHECK(cases[i].label, priv_caller_chooses(cases[i].path,
		    cases[i].host, cases[i].port, cases[i].diagnose) ==
		    cases[i].want);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/test_conf.XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : P_tmpdir);
	if (mkdtemp(dir) == NULL)
		die("mkdtemp");
	umask(022);
	test_duration();
	test_enums();
	test_names();
	test_port();
	test_fingerprint();
	test_full();
	test_global_defaults();
	test_top_level();
	test_inherit();
	test_fallback_self();
	test_lexing();
	test_errors();
	test_include();
	test_origin_lines();
	test_permissions();
	test_find();
	test_caller_chooses();
	test_user();
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return t_done();
}
