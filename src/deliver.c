/*
 * One delivery attempt: the order of the steps lives here so that main
 * tells the story and smtp.c stays a protocol engine. With tls = tls the
 * session is TLS from the first byte; with starttls nothing but EHLO and
 * STARTTLS ever goes out in plaintext.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "conf.h"
#include "conn.h"
#include "deliver.h"
#include "err.h"
#include "log.h"
#include "smtp.h"
#include "tls.h"

static int
check_route(const struct account *acct, const struct route *rt,
    struct err *e)
{
	if (rt->host == NULL || *rt->host == '\0')
		return err_set(e, EX_CONFIG, "account \"%s\" has no host",
		    acct->name);
	return 0;
}

void
deliver_tls_policy(const struct account *acct, const char *host,
    struct tls_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->host = strncmp(host, "unix:", 5) == 0 ? "" : host;
	p->verify = acct->tls_verify;
	p->enforce = 1;
	p->ca_file = acct->tls_ca_file;
	p->fingerprint = acct->tls_fingerprint;
	p->cert_file = acct->tls_cert_file;
	p->key_file = acct->tls_key_file;
	p->priorities = acct->tls_priorities;
	p->min_version = acct->tls_min_version;
}

static int
start_tls(const struct account *acct, const struct route *rt,
    struct conn *c, struct trace *tr, struct delivery *d, struct err *e)
{
	struct tls_policy p;
	struct tls *t = NULL;

	deliver_tls_policy(acct, rt->host, &p);
	if (tls_start(&t, c, &p, tr, e) == -1) {
		tls_free(t);
		return -1;
	}
	d->tls = 1;
	d->tls_unverified = !p.verify && !(p.fingerprint && *p.fingerprint);
	snprintf(d->tls_version, sizeof(d->tls_version), "%s", tls_version(t));
	return 0;
}

int
deliver_session(const struct account *acct, const struct route *rt,
    struct trace *tr, struct delivery *d, struct smtp **sp, struct err *e)
{
	struct smtp_params params;
	struct conn *c;

	*sp = NULL;
	memset(d, 0, sizeof(*d));
	snprintf(d->peer, sizeof(d->peer), "%s:%d", rt->host ? rt->host : "",
	    rt->port);
	if (check_route(acct, rt, e) == -1 ||
	    conn_open(&c, rt->host, rt->port, acct->source_ip, rt->timeout,
	    e) == -1)
		return -1;
	snprintf(d->peer, sizeof(d->peer), "%s", conn_name(c));
	trace_note(tr, "connected to %s", conn_name(c));
	if (acct->tls == TLS_IMPLICIT &&
	    start_tls(acct, rt, c, tr, d, e) == -1) {
		conn_close(c);
		return -1;
	}
	memset(&params, 0, sizeof(params));
	params.helo_name = rt->helo_name;
	params.lmtp = acct->protocol == PROTO_LMTP;
	params.timeout = rt->timeout;
	params.trace = tr;
	if (smtp_open(sp, c, &params, e) == -1)
		return -1;
	if (acct->tls == TLS_STARTTLS &&
	    (smtp_starttls(*sp, e) == -1 ||
	    start_tls(acct, rt, smtp_conn(*sp), tr, d, e) == -1 ||
	    smtp_hello(*sp, e) == -1))
		return -1;
	return 0;
}

int
deliver_message(const struct account *acct, const struct route *rt,
    struct envelope *env, struct spool *sp, struct trace *tr,
    struct delivery *d, struct err *e)
{
	struct smtp *s;
	int rc = -1;

	if (deliver_session(acct, rt, tr, d, &s, e) == 0 &&
	    smtp_send(s, env, sp, 1, e) == 0)
		rc = 0;
	if (s != NULL) {
		snprintf(d->reply, sizeof(d->reply), "%s", smtp_last_reply(s));
		smtp_close(s);
	}
	return rc;
}
