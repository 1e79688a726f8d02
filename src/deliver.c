/*
 * One delivery attempt: the order of the steps lives here so that main
 * tells the story and smtp.c stays a protocol engine.
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

static int
check_route(const struct account *acct, const struct route *rt,
    struct err *e)
{
	if (rt->host == NULL || *rt->host == '\0')
		return err_set(e, EX_CONFIG, "account \"%s\" has no host",
		    acct->name);
	if (acct->tls != TLS_NONE)
		return err_set(e, EX_CONFIG, "account \"%s\": tls = %s is not "
		    "supported by this version; use tls = none", acct->name,
		    conf_tls_name(acct->tls));
	return 0;
}

int
deliver_message(const struct account *acct, const struct route *rt,
    struct envelope *env, struct spool *sp, struct trace *tr,
    struct delivery *d, struct err *e)
{
	struct smtp_params params;
	struct conn *c;
	struct smtp *s = NULL;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	snprintf(d->peer, sizeof(d->peer), "%s:%d", rt->host ? rt->host : "",
	    rt->port);
	if (check_route(acct, rt, e) == -1)
		return -1;
	if (conn_open(&c, rt->host, rt->port, acct->source_ip, rt->timeout,
	    e) == -1)
		return -1;
	snprintf(d->peer, sizeof(d->peer), "%s", conn_name(c));
	trace_note(tr, "connected to %s", conn_name(c));
	memset(&params, 0, sizeof(params));
	params.helo_name = rt->helo_name;
	params.lmtp = acct->protocol == PROTO_LMTP;
	params.timeout = rt->timeout;
	params.trace = tr;
	if (smtp_open(&s, c, &params, e) == 0 &&
	    smtp_send(s, env, sp, 1, e) == 0)
		rc = 0;
	if (s != NULL) {
		snprintf(d->reply, sizeof(d->reply), "%s", smtp_last_reply(s));
		smtp_close(s);
	}
	return rc;
}
