/*
 * --serverinfo. The same steps as a delivery, in the same modules, with
 * printing between them and TLS checks reported instead of enforced.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "conn.h"
#include "deliver.h"
#include "err.h"
#include "serverinfo.h"
#include "smtp.h"
#include "tls.h"

static void
print_ehlo(FILE *fp, const char *label, const struct smtp *s)
{
	const char *p = smtp_ehlo_lines(s), *nl;

	fprintf(fp, "%s\n", label);
	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		fprintf(fp, "    %.*s\n", (int)(nl - p), p);
	}
}

static int
describe_tls(const struct account *acct, const struct route *rt,
    struct conn *c, struct trace *tr, FILE *fp, struct err *e)
{
	struct tls_policy p;
	struct tls *t = NULL;

	deliver_tls_policy(acct, rt->host, &p);
	p.enforce = 0;
	if (tls_start(&t, c, &p, tr, e) == -1) {
		tls_free(t);
		return -1;
	}
	tls_describe(t, fp);
	return 0;
}

int
serverinfo_print(const struct account *acct, const struct route *rt,
    struct trace *tr, FILE *fp, struct err *e)
{
	struct smtp_params params;
	struct smtp *s = NULL;
	struct conn *c;
	int rc = -1;

	if (conn_open(&c, rt->host, rt->port, acct->source_ip, rt->timeout,
	    e) == -1)
		return -1;
	fprintf(fp, "server:        %s (%s)\n", conn_name(c),
	    acct->tls == TLS_IMPLICIT ? "TLS" : acct->tls == TLS_STARTTLS ?
	    "STARTTLS" : "plain");
	if (acct->tls == TLS_IMPLICIT &&
	    describe_tls(acct, rt, c, tr, fp, e) == -1) {
		conn_close(c);
		return -1;
	}
	deliver_smtp_params(acct, rt, tr, &params);
	if (smtp_open(&s, c, &params, e) == -1)
		goto done;
	fprintf(fp, "greeting:      %s\n", smtp_greeting(s));
	print_ehlo(fp, "extensions:", s);
	/* Shown whenever offered: the certificate is worth seeing anyway. */
	if (acct->tls != TLS_IMPLICIT &&
	    (smtp_caps(s)->ext & EXT_STARTTLS)) {
		if (smtp_starttls(s, e) == -1 ||
		    describe_tls(acct, rt, smtp_conn(s), tr, fp, e) == -1 ||
		    smtp_hello(s, e) == -1)
			goto done;
		print_ehlo(fp, "extensions after STARTTLS:", s);
	} else if (acct->tls == TLS_STARTTLS)
		fprintf(fp, "STARTTLS:      not offered\n");
	rc = 0;
done:
	smtp_close(s);
	return rc;
}
