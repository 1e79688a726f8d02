/*
 * One delivery attempt: the order of the steps lives here so that main
 * tells the story and smtp.c stays a protocol engine. With tls = tls the
 * session is TLS from the first byte; with starttls nothing but EHLO and
 * STARTTLS ever goes out in plaintext.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "auth.h"
#include "buf.h"
#include "conf.h"
#include "envelope.h"
#include "conn.h"
#include "deliver.h"
#include "err.h"
#include "log.h"
#include "secret.h"
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
deliver_smtp_params(const struct account *acct, const struct route *rt,
    struct trace *tr, struct smtp_params *p)
{
	memset(p, 0, sizeof(*p));
	p->helo_name = rt->helo_name;
	p->lmtp = acct->protocol == PROTO_LMTP;
	p->timeout = rt->timeout;
	p->trace = tr;
}

void
deliver_tls_policy(const struct account *acct, const char *host,
    struct tls_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->host = host == NULL || strncmp(host, "unix:", 5) == 0 ? "" : host;
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

/*
 * AUTH when the account has a user (whatever auth says otherwise, no
 * user means no AUTH), never over plaintext unless the peer is local.
 */
static int
authenticate(const struct account *acct, const struct route *rt,
    struct smtp *s, struct delivery *d, struct err *e)
{
	struct buf secret = BUF_INIT;
	struct sasl *sasl = NULL;
	enum auth_mech mech;
	int rc = -1;

	if (acct->auth == AUTH_NONE || acct->user == NULL ||
	    *acct->user == '\0')
		return 0;
	if (!secret_may_send(d->tls, conn_is_local(smtp_conn(s))))
		return err_set(e, EX_NOPERM, "%s: refusing to send credentials "
		    "over an unencrypted connection (use tls = starttls or "
		    "tls = tls)", d->peer);
	if ((mech = sasl_choose(acct->auth, smtp_caps(s)->auth, e)) ==
	    AUTH_NONE)
		return err_prefix(e, "%s", d->peer);
	if (mech == AUTH_EXTERNAL && (acct->tls_cert_file == NULL ||
	    *acct->tls_cert_file == '\0'))
		return err_set(e, EX_CONFIG, "account \"%s\": auth = external "
		    "needs tls_cert_file", acct->name);
	if (mech != AUTH_EXTERNAL && secret_get(acct, rt->host, acct->user,
	    rt->home, rt->timeout, &secret, e) == -1)
		goto done;
	if (sasl_new(&sasl, mech, acct->user ? acct->user : "",
	    secret.data ? secret.data : "", rt->host, rt->port, e) == -1)
		goto done;
	buf_wipe(&secret);
	if ((rc = smtp_auth(s, sasl, sasl_mech_name(mech), e)) == 0)
		d->auth = 1;
done:
	buf_wipe(&secret);
	sasl_free(sasl);
	return rc;
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
	deliver_smtp_params(acct, rt, tr, &params);
	if (smtp_open(sp, c, &params, e) == -1)
		return -1;
	if (acct->tls == TLS_STARTTLS) {
		if (smtp_starttls(*sp, e) == -1)
			return -1;
		/* After its 220, the connection is TLS or nothing. */
		if (start_tls(acct, rt, smtp_conn(*sp), tr, d, e) == -1) {
			smtp_give_up(*sp, 1);
			return -1;
		}
		if (smtp_hello(*sp, e) == -1)
			return -1;
	}
	if (authenticate(acct, rt, *sp, d, e) == -1) {
		smtp_give_up(*sp, 0);
		return -1;
	}
	return 0;
}

/*
 * What one attempt left. Accepted in a transaction that then failed is
 * not delivered: pending again. With all_deferred (before a fallback
 * account), the deferred ones are pending too; refused-for-good stays.
 */
static void
reset_recipients(struct envelope *env, int all_deferred)
{
	size_t i;

	for (i = 0; i < env->nrcpts; i++)
		if (env->rcpts[i].status == RCPT_ACCEPTED ||
		    (all_deferred && env->rcpts[i].status == RCPT_TEMPFAIL))
			env->rcpts[i].status = RCPT_PENDING;
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
	/* A transaction that failed delivered to nobody it had accepted. */
	if (rc == -1)
		reset_recipients(env, 0);
	return rc;
}

int
deliver_with_fallback(const struct config *cf, const struct account *acct,
    const struct route *first, struct envelope *env, struct spool *sp,
    struct trace *tr, struct delivery *d, struct err *e)
{
	const struct account *tried[16];
	struct route rt = *first;
	size_t n = 0, i;
	int rc;

	for (;;) {
		tried[n++] = acct;
		rc = deliver_message(acct, &rt, env, sp, tr, d, e);
		if (rc == 0 || e->ex != EX_TEMPFAIL || acct->fallback == NULL ||
		    *acct->fallback == '\0' || n == sizeof(tried) / sizeof(tried[0]))
			return rc;
		if ((acct = conf_account(cf, acct->fallback)) == NULL)
			return rc;
		for (i = 0; i < n; i++)
			if (tried[i] == acct)
				return rc;	/* a loop: every account had its go */
		trace_note(tr, "%s; trying account %s", e->msg, acct->name);
		reset_recipients(env, 1);
		rt.host = acct->host;
		rt.port = acct->port;
	}
}

int
deliver_log(const struct config *cf, const char *tag, const struct delivery *d,
    const struct envelope *env, off_t size, const char *status,
    const char *error, double elapsed, struct err *e)
{
	struct log_record rec;
	char *rcpts = envelope_recipients(env);
	int rc;

	memset(&rec, 0, sizeof(rec));
	rec.host = d->peer;
	rec.tls = d->tls;
	rec.tls_version = d->tls_version;
	rec.tls_unverified = d->tls_unverified;
	rec.auth = d->auth;
	rec.from = env->sender;
	rec.recipients = rcpts;
	rec.size = size;
	rec.status = status;
	rec.smtp = d->reply;
	rec.error = *d->reply == '\0' ? error : NULL;
	rec.elapsed = elapsed;
	rc = log_message(&rec, cf->syslog, tag, cf->logfile, e);
	free(rcpts);
	return rc;
}
