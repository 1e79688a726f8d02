/*
 * Envelope building. Addresses come from the command line (each argument
 * an address list, as cron passes its whole MAILTO as one) and, with -t,
 * from the header block; bare local names go through the aliases file,
 * and those left get "@domain" (SPEC §3).
 */
#include "config.h"

#include <errno.h>
#include <time.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "addr.h"
#include "aliases.h"
#include "buf.h"
#include "cmdline.h"
#include "conf.h"
#include "envelope.h"
#include "err.h"
#include "header.h"
#include "nonce.h"
#include "smtp.h"
#include "spool.h"
#include "user.h"

char *
envelope_domain(const char *configured, struct err *e)
{
	struct addrinfo hints, *res;
	char host[256];
	char *fqdn;

	if (configured != NULL && *configured != '\0') {
		if ((fqdn = strdup(configured)) == NULL)
			err_nomem(e, "choosing the domain");
		return fqdn;
	}
	if (gethostname(host, sizeof(host)) == -1) {
		err_set(e, EX_OSERR, "gethostname: %s", strerror(errno));
		return NULL;
	}
	host[sizeof(host) - 1] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_CANONNAME;
	hints.ai_socktype = SOCK_STREAM;
	/* A host whose name does not resolve still has its short name. */
	if (strchr(host, '.') == NULL && getaddrinfo(host, NULL, &hints,
	    &res) == 0) {
		if (res->ai_canonname != NULL && strchr(res->ai_canonname, '.'))
			snprintf(host, sizeof(host), "%s", res->ai_canonname);
		freeaddrinfo(res);
	}
	if ((fqdn = strdup(host)) == NULL)
		err_nomem(e, "choosing the domain");
	return fqdn;
}

/* "name" -> "name@domain"; anything with '@' is copied. */
static char *
qualify(const char *addr, const char *domain)
{
	struct buf b = BUF_INIT;

	if (!addr_is_local(addr) || *addr == '\0')
		return strdup(addr);
	if (buf_printf(&b, "%s@%s", addr, domain) == -1)
		return NULL;
	return b.data;
}

static int
add_list(struct addr_list *all, const struct addr_list *found,
    const char *domain, struct err *e)
{
	size_t i;
	char *q;
	int rc;

	for (i = 0; i < found->n; i++) {
		if ((q = qualify(found->v[i], domain)) == NULL)
			return err_nomem(e, "collecting recipients");
		rc = addr_list_add_unique(all, q);
		free(q);
		if (rc == -1)
			return err_nomem(e, "collecting recipients");
	}
	return 0;
}

/*
 * Local names through the aliases file, which is read only when there is
 * a local name to look up. Addresses with '@' pass as they are.
 */
static int
expand_aliases(struct addr_list *found, const char *path,
    const struct user *u, struct err *e)
{
	struct aliases al = ALIASES_INIT;
	struct addr_list out = ADDR_LIST_INIT;
	char why[256], *file;
	size_t i;
	int rc = -1;

	for (i = 0; i < found->n && !addr_is_local(found->v[i]); i++)
		continue;
	if (i == found->n || path == NULL || *path == '\0')
		return 0;
	if ((file = user_expand(u, path)) == NULL)
		return err_nomem(e, "reading the aliases file");
	if (aliases_load(&al, file, e) == -1)
		goto out;
	for (i = 0; i < found->n; i++)
		if (aliases_expand(&al, found->v[i], &out, why,
		    sizeof(why)) == -1) {
			err_set(e, EX_CONFIG, "aliases file %s: %s", file, why);
			goto out;
		}
	addr_list_free(found);
	*found = out;
	memset(&out, 0, sizeof(out));
	rc = 0;
out:
	addr_list_free(&out);
	aliases_free(&al);
	free(file);
	return rc;
}

static int
collect(struct addr_list *all, const struct opts *o, const char *aliases,
    const struct user *u, const char *domain, const struct spool *sp,
    struct err *e)
{
	struct addr_list found = ADDR_LIST_INIT;
	const char *hdr;
	char why[256];
	size_t i, len;
	int rc;

	if (o->read_recipients) {
		hdr = spool_header(sp, &len);
		if (hdr_recipients(hdr, len, &found, why, sizeof(why)) == -1)
			return err_set(e, EX_DATAERR, "cannot read the "
			    "recipients: %s", why);
	}
	for (i = 0; i < o->nrecipients; i++) {
		const char *arg = o->recipients[i];

		if (addr_parse_list(arg, strlen(arg), &found, why,
		    sizeof(why)) == -1) {
			addr_list_free(&found);
			return err_set(e, EX_DATAERR, "bad recipient \"%s\": %s",
			    arg, why);
		}
	}
	rc = expand_aliases(&found, aliases, u, e);
	if (rc == 0)
		rc = add_list(all, &found, domain, e);
	addr_list_free(&found);
	return rc;
}

static char *
pick_sender(const struct opts *o, const struct account *acct,
    const struct user *u, const char *domain)
{
	struct buf b = BUF_INIT;
	char *s;

	if (o->sender != NULL) {
		if ((s = addr_strip_angles(o->sender)) == NULL || *s == '\0' ||
		    !addr_is_local(s))
			return s;
		if (buf_printf(&b, "%s@%s", s, domain) == -1)
			b.data = NULL;
		free(s);
		return b.data;
	}
	if (acct->from != NULL && *acct->from != '\0')
		return strdup(acct->from);
	if (buf_printf(&b, "%s@%s", u->name, domain) == -1)
		return NULL;
	return b.data;
}

/*
 * Every address goes between the angle brackets of a command as it is:
 * whatever the caller or a header gave must not reach past them.
 */
static int
check_path(const char *what, const char *a, struct err *e)
{
	char why[128];

	if (addr_check_path(a, why, sizeof(why)) == 0)
		return 0;
	return err_set(e, EX_DATAERR, "bad %s \"%.80s%s\": %s", what, a,
	    strlen(a) > 80 ? "..." : "", why);
}

int
envelope_build(struct envelope *env, const struct opts *o,
    const struct account *acct, const struct user *u, const char *aliases,
    const char *domain, const struct spool *sp, struct err *e)
{
	struct addr_list all = ADDR_LIST_INIT;
	size_t i;

	memset(env, 0, sizeof(*env));
	env->body_type = o->body_type;
	env->is_8bit = spool_is_8bit(sp);
	env->dsn_notify = o->dsn_notify ? o->dsn_notify :
	    (acct->dsn_notify && *acct->dsn_notify ? acct->dsn_notify : NULL);
	env->dsn_return = o->dsn_return ? o->dsn_return :
	    (acct->dsn_return && *acct->dsn_return ? acct->dsn_return : NULL);
	env->dsn_envid = o->dsn_envid;
	if ((env->sender = pick_sender(o, acct, u, domain)) == NULL)
		return err_nomem(e, "choosing the sender");
	if (check_path("sender", env->sender, e) == -1 ||
	    collect(&all, o, aliases, u, domain, sp, e) == -1)
		goto fail;
	if (all.n == 0) {
		err_set(e, EX_USAGE, "no recipients");
		goto fail;
	}
	for (i = 0; i < all.n; i++)
		if (check_path("recipient", all.v[i], e) == -1)
			goto fail;
	if ((env->rcpts = calloc(all.n, sizeof(*env->rcpts))) == NULL) {
		err_nomem(e, "collecting recipients");
		goto fail;
	}
	/* The strings move from the list to the envelope. */
	for (i = 0; i < all.n; i++)
		env->rcpts[i].addr = all.v[i];
	env->nrcpts = all.n;
	free(all.v);
	return 0;
fail:
	addr_list_free(&all);
	envelope_free(env);
	return -1;
}

/* The random part of an added Message-ID: time, then 96 random bits. */
static int
unique_id(char *out, size_t cap, time_t now)
{
	unsigned char r[12];
	size_t i;
	int n;

	if (nonce_fill(r, sizeof(r)) == -1)
		return -1;
	n = snprintf(out, cap, "%lld.", (long long)now);
	for (i = 0; i < sizeof(r) && n > 0 && (size_t)n + 3 <= cap; i++)
		n += snprintf(out + n, cap - (size_t)n, "%02x", r[i]);
	return 0;
}

int
envelope_edit_headers(struct spool *sp, const struct opts *o,
    const struct account *acct, int qualify, const char *domain,
    const char *sender, struct err *e)
{
	struct hdr_edit ed;
	struct buf out = BUF_INIT;
	char unique[64], why[256];
	const char *hdr;
	size_t len;
	int rc;

	memset(&ed, 0, sizeof(ed));
	ed.now = time(NULL);
	if (unique_id(unique, sizeof(unique), ed.now) == -1)
		return err_set(e, EX_SOFTWARE, "no random bytes for "
		    "Message-ID: %s", strerror(errno));
	ed.domain = domain;
	ed.sender = sender;
	ed.full_name = o->full_name;
	ed.set_from = acct->set_from_header && acct->from && *acct->from ?
	    acct->from : NULL;
	ed.qualify = qualify;
	ed.unique = unique;
	hdr = spool_header(sp, &len);
	if (hdr_rewrite(hdr, len, &ed, &out, why, sizeof(why)) == -1) {
		buf_free(&out);
		return err_set(e, EX_OSERR, "cannot edit the header: %s", why);
	}
	rc = spool_set_header(sp, out.data ? out.data : "", out.len, e);
	buf_free(&out);
	return rc;
}

char *
envelope_recipients(const struct envelope *env)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < env->nrcpts; i++)
		if (buf_printf(&b, "%s%s", i ? "," : "", env->rcpts[i].addr) == -1) {
			buf_free(&b);
			return NULL;
		}
	return b.data != NULL ? b.data : strdup("");
}

void
envelope_free(struct envelope *env)
{
	size_t i;

	for (i = 0; i < env->nrcpts; i++)
		free(env->rcpts[i].addr);
	free(env->rcpts);
	free(env->sender);
	memset(env, 0, sizeof(*env));
}
