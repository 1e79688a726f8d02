/*
 * Resolving accounts: each key from the account itself, else along its
 * inherit chain, else from the top level, else the built-in default,
 * with the place it came from for --pretend. Then the top-level values,
 * and the names that must exist (inherit, fallback, default_account).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <confuse.h>

#include "buf.h"
#include "conf.h"
#include "conf_resolve.h"
#include "conf_text.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define NONE		((size_t)-1)

/*
 * Account keys: name, how the value is stored and built-in default.
 * Indexed by enum account_key. The libconfuse side of the same list is
 * ACCOUNT_OPTS in conf.c, the rules of the values are in conf_values.c.
 */
enum kind { K_STR, K_NUM, K_BOOL, K_LIST };

struct akey {
	const char	*name;
	enum kind	 kind;
	size_t		 off;		/* K_STR: a char * in struct account */
	const char	*defstr;
	long		 defnum;
};

#define STRKEY(n, f, d)	{ n, K_STR, offsetof(struct account, f), d, 0 }
#define NUMKEY(n, k, d)	{ n, k, 0, NULL, d }

static const struct akey akeys[AK_COUNT] = {
	[AK_HOST] = STRKEY("host", host, ""),
	[AK_PORT] = NUMKEY("port", K_NUM, 0),	/* 0: by tls, below */
	[AK_TLS] = NUMKEY("tls", K_NUM, TLS_STARTTLS),
	[AK_TLS_VERIFY] = NUMKEY("tls_verify", K_BOOL, 1),
	[AK_TLS_CA_FILE] = STRKEY("tls_ca_file", tls_ca_file, ""),
	[AK_TLS_FINGERPRINT] = STRKEY("tls_fingerprint", tls_fingerprint, ""),
	[AK_TLS_CERT_FILE] = STRKEY("tls_cert_file", tls_cert_file, ""),
	[AK_TLS_KEY_FILE] = STRKEY("tls_key_file", tls_key_file, ""),
	[AK_TLS_PRIORITIES] = STRKEY("tls_priorities", tls_priorities, ""),
	[AK_TLS_MIN_VERSION] = STRKEY("tls_min_version", tls_min_version,
	    "1.2"),
	[AK_AUTH] = NUMKEY("auth", K_NUM, AUTH_AUTO),
	[AK_USER] = STRKEY("user", user, ""),
	[AK_PASSWORD] = STRKEY("password", password, ""),
	[AK_PASSWORD_COMMAND] = STRKEY("password_command", password_command,
	    ""),
	[AK_FROM] = STRKEY("from", from, ""),
	[AK_FROM_MATCH] = NUMKEY("from_match", K_LIST, 0),
	[AK_SET_FROM_HEADER] = NUMKEY("set_from_header", K_BOOL, 0),
	[AK_FALLBACK] = STRKEY("fallback", fallback, ""),
	[AK_PROTOCOL] = NUMKEY("protocol", K_NUM, PROTO_SMTP),
	[AK_DSN_NOTIFY] = STRKEY("dsn_notify", dsn_notify, ""),
	[AK_DSN_RETURN] = STRKEY("dsn_return", dsn_return, ""),
	[AK_SOURCE_IP] = STRKEY("source_ip", source_ip, ""),
};

const char *
conf_key_name(enum account_key k)
{
	if ((unsigned)k >= AK_COUNT)
		return "?";
	return akeys[k].name;
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

struct resolve {
	struct conf_text	*text;		/* places and errors */
	cfg_t			*root;
	cfg_t			**secs;		/* NULL: implicit default */
	size_t			*parent;	/* inherited account, or NONE */
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
	conf_text_mark_where(r->text, sec, key, at, sizeof(at));
	return conf_text_error(r->text, "%s: %s: %s", at, key, msg);
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
		if (r->secs[i] != NULL && (t == NULL || *t == '\0' ||
		    strpbrk(t, "\r\n") != NULL)) {
			conf_text_where(r->text, r->secs[i]->line, at,
			    sizeof(at));
			return conf_text_error(r->text, "%s: an account name "
			    "must not be empty or hold line breaks", at);
		}
		if ((c->accounts[i].name = strdup(t)) == NULL)
			return conf_text_nomem(r->text);
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
		conf_text_nomem(r->text);
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
	conf_text_mark_where(r->text, src, akeys[k].name, at, sizeof(at));
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
			return conf_text_nomem(r->text);
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

int
conf_resolve(struct config *c, cfg_t *root, struct conf_text *t)
{
	struct resolve r;
	size_t i, nsec;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.text = t;
	r.root = root;
	if ((c->path = strdup(conf_text_path(t))) == NULL ||
	    globals_load(c, root) == -1)
		return conf_text_nomem(t);
	/* There is always an account "default", at worst the top level. */
	nsec = cfg_size(root, "account");
	c->naccounts = nsec +
	    (cfg_gettsec(root, "account", "default") == NULL ? 1 : 0);
	/* r.secs holds pointers: sizeof(cfg_t *) is meant. */
	if ((c->accounts = calloc(c->naccounts, sizeof(*c->accounts))) ==
	    NULL ||
	    /* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	    (r.secs = calloc(c->naccounts, sizeof(*r.secs))) == NULL ||
	    (r.parent = calloc(c->naccounts, sizeof(*r.parent))) == NULL) {
		conf_text_nomem(t);
		goto out;
	}
	for (i = 0; i < nsec; i++)
		r.secs[i] = cfg_getnsec(root, "account", (unsigned)i);
	if (accounts_name(&r, c) == -1 || accounts_link(&r, c) == -1)
		goto out;
	for (i = 0; i < c->naccounts; i++)
		if (account_resolve(&r, c, i) == -1)
			goto out;
	if (account_index(c, c->default_account) == NONE) {
		key_fail(&r, root, "default_account", "there is no account "
		    "named '%s'", c->default_account);
		goto out;
	}
	rc = 0;
out:
	free(r.secs);
	free(r.parent);
	return rc;
}

/* The resolved configuration, as conf.h hands it out. */

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
