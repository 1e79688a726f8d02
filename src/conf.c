/*
 * Configuration: the libconfuse schema (one account key list for the
 * top level and the account sections), its callbacks, and conf_load(),
 * which reads the text (conf_text.c), has libconfuse parse it, checks
 * the permission rule and resolves the accounts (conf_resolve.c).
 * Finding the file is conf_find.c's, the values' rules conf_values.c's.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <confuse.h>

#include "buf.h"
#include "conf.h"
#include "conf_resolve.h"
#include "conf_text.h"
#include "conf_values.h"

/*
 * libconfuse's callbacks carry no user pointer, so the text in progress
 * is reached through this pointer, set and cleared around
 * cfg_parse_buf() in conf_load(). The library keeps global lexer state
 * of its own, so two parses can never run at once anyway.
 */
static struct conf_text *cur;

static void	on_error(cfg_t *, const char *, va_list)
		    __attribute__((__format__(printf, 2, 0)));

static void
on_error(cfg_t *cfg, const char *fmt, va_list ap)
{
	struct conf_text *t = cur;
	char msg[400], where[300];

	if (t == NULL || t->failed)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	conf_text_where(t, cfg != NULL ? cfg->line : 0, where, sizeof(where));
	conf_text_error(t, "%s: %s", where, msg);
}

static int
cb_fail(cfg_t *cfg, cfg_opt_t *opt, const char *msg)
{
	cfg_error(cfg, "%s: %s", cfg_opt_name(opt), msg);
	return -1;
}

/* port, tls, auth, protocol, timeout and queue_lifetime. */
static int
cb_int(cfg_t *cfg, cfg_opt_t *opt, const char *value, void *result)
{
	char msg[200];
	long v;

	if (conf_values_int(cfg_opt_name(opt), value, &v, msg,
	    sizeof(msg)) == -1)
		return cb_fail(cfg, opt, msg);
	*(long *)result = v;
	return 0;
}

/*
 * Every account key, written once: at top level it is the default for
 * all accounts, in an account section it is that account's own value.
 * No libconfuse defaults (CFGF_NODEFAULT), so that "not set" can be
 * seen and the value looked for further up; built-in defaults are in
 * conf_resolve.c.
 */
#define ACCOUNT_OPTS \
	CFG_STR("host", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("port", 0, CFGF_NODEFAULT, cb_int), \
	CFG_INT_CB("tls", 0, CFGF_NODEFAULT, cb_int), \
	CFG_BOOL("tls_verify", cfg_true, CFGF_NODEFAULT), \
	CFG_STR("tls_ca_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_fingerprint", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_cert_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_key_file", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_priorities", NULL, CFGF_NODEFAULT), \
	CFG_STR("tls_min_version", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("auth", 0, CFGF_NODEFAULT, cb_int), \
	CFG_STR("user", NULL, CFGF_NODEFAULT), \
	CFG_STR("password", NULL, CFGF_NODEFAULT), \
	CFG_STR("password_command", NULL, CFGF_NODEFAULT), \
	CFG_STR("from", NULL, CFGF_NODEFAULT), \
	CFG_STR_LIST("from_match", NULL, CFGF_NODEFAULT), \
	CFG_BOOL("set_from_header", cfg_false, CFGF_NODEFAULT), \
	CFG_STR("fallback", NULL, CFGF_NODEFAULT), \
	CFG_INT_CB("protocol", 0, CFGF_NODEFAULT, cb_int), \
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
	CFG_INT_CB("timeout", 60, CFGF_NONE, cb_int),
	CFG_BOOL("syslog", cfg_true, CFGF_NONE),
	CFG_STR("logfile", "", CFGF_NONE),
	CFG_STR("queue_dir", "", CFGF_NONE),
	CFG_INT_CB("queue_lifetime", 5 * 86400, CFGF_NONE, cb_int),
	CFG_STR("dead_letter", "~/dead.letter", CFGF_NONE),
	CFG_STR("aliases", "", CFGF_NONE),
	CFG_BOOL("qualify_headers", cfg_true, CFGF_NONE),
	CFG_STR("default_account", "default", CFGF_NONE),
	CFG_SEC("account", account_opts,
	    CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
	CFG_END()
};

/*
 * Called by libconfuse after each value is stored: marks where it was
 * set, refuses line breaks (header and command injection) and runs the
 * key's own check.
 */
static int
on_value(cfg_t *sec, cfg_opt_t *opt)
{
	struct conf_text *t = cur;
	const char *s = NULL, *key = cfg_opt_name(opt);
	char msg[200];

	/* "+=" to a list keeps the place of its first value. */
	if (t == NULL || conf_text_mark(t, sec, key, sec->line,
	    (opt->flags & CFGF_LIST) && cfg_opt_size(opt) > 1) == -1)
		return -1;
	if (opt->type == CFGT_STR && cfg_opt_size(opt) > 0)
		s = cfg_opt_getnstr(opt, cfg_opt_size(opt) - 1);
	if (s == NULL || *s == '\0')
		return 0;
	if (strpbrk(s, "\r\n") != NULL)
		return cb_fail(sec, opt, "line breaks are not allowed in "
		    "a value");
	if (conf_values_check(key, s, msg, sizeof(msg)) == -1)
		return cb_fail(sec, opt, msg);
	if (strcmp(key, conf_key_name(AK_PASSWORD)) == 0)
		conf_text_password(t, sec->line);
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

int
conf_load(struct config *c, const char *path, struct err *e)
{
	struct conf_text t;
	cfg_t *cfg = NULL;
	int r, rc = -1;

	memset(c, 0, sizeof(*c));
	if (conf_text_read(&t, path, e) == -1)
		goto out;
	if ((cfg = cfg_init(root_opts, CFGF_NONE)) == NULL) {
		conf_text_nomem(&t);
		goto out;
	}
	cfg_set_error_function(cfg, on_error);
	set_validators(cfg);
	cur = &t;
	r = cfg_parse_buf(cfg, t.text.data != NULL ? t.text.data : "");
	cur = NULL;
	if (r != CFG_SUCCESS) {
		if (!t.failed)
			conf_text_error(&t, "%s: cannot be parsed",
			    conf_text_path(&t));
		goto out;
	}
	if (conf_text_closed(&t) == -1 || conf_text_perms(&t) == -1 ||
	    conf_resolve(c, cfg, &t) == -1)
		goto out;
	rc = 0;
out:
	if (cfg != NULL) {
		passwords_wipe(cfg);
		cfg_free(cfg);
	}
	conf_text_free(&t);
	if (rc == -1)
		conf_free(c);
	return rc;
}
