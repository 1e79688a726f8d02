/*
 * Printing for --pretend and -bv. Secrets are masked here, at the one
 * place where account values are printed.
 */
#include "config.h"

#include <stdio.h>

#include "conf.h"
#include "deliver.h"
#include "show.h"
#include "smtp.h"

static const char *
str_or_unset(const char *s)
{
	return s != NULL && *s != '\0' ? s : "";
}

static void
show_string(FILE *fp, const struct account *a, enum account_key k,
    const char *v)
{
	fprintf(fp, "  %-16s = \"%s\"\t# %s\n", conf_key_name(k), str_or_unset(v),
	    a->origin[k].where);
}

static void
show_word(FILE *fp, const struct account *a, enum account_key k,
    const char *v)
{
	fprintf(fp, "  %-16s = %s\t# %s\n", conf_key_name(k), v,
	    a->origin[k].where);
}

static void
show_from_match(FILE *fp, const struct account *a)
{
	size_t i;

	fprintf(fp, "  %-16s = {", conf_key_name(AK_FROM_MATCH));
	for (i = 0; i < a->nfrom_match; i++)
		fprintf(fp, "%s\"%s\"", i ? ", " : "", a->from_match[i]);
	fprintf(fp, "}\t# %s\n", a->origin[AK_FROM_MATCH].where);
}

void
show_config(FILE *fp, const struct config *cf, const struct account *a,
    const struct route *rt)
{
	char port[16];

	fprintf(fp, "# configuration file: %s\n", cf->path);
	fprintf(fp, "domain = \"%s\"\ntimeout = %d\nsyslog = %s\n",
	    str_or_unset(cf->domain), cf->timeout, cf->syslog ? "true" : "false");
	fprintf(fp, "logfile = \"%s\"\nqueue_dir = \"%s\"\n",
	    str_or_unset(cf->logfile), str_or_unset(cf->queue_dir));
	fprintf(fp, "queue_lifetime = %lds\ndead_letter = \"%s\"\n",
	    cf->queue_lifetime, str_or_unset(cf->dead_letter));
	fprintf(fp, "aliases = \"%s\"\nqualify_headers = %s\n",
	    str_or_unset(cf->aliases), cf->qualify_headers ? "true" : "false");
	fprintf(fp, "default_account = \"%s\"\n\naccount %s {\n",
	    str_or_unset(cf->default_account), a->name);
	snprintf(port, sizeof(port), "%d", rt->port);
	if (rt->host != a->host)
		fprintf(fp, "  %-16s = \"%s\"\t# --host\n",
		    conf_key_name(AK_HOST), rt->host);
	else
		show_string(fp, a, AK_HOST, a->host);
	if (rt->port != a->port)
		fprintf(fp, "  %-16s = %s\t# --port\n", conf_key_name(AK_PORT),
		    port);
	else
		show_word(fp, a, AK_PORT, port);
	show_word(fp, a, AK_TLS, conf_tls_name(a->tls));
	show_word(fp, a, AK_TLS_VERIFY, a->tls_verify ? "true" : "false");
	show_string(fp, a, AK_TLS_CA_FILE, a->tls_ca_file);
	show_string(fp, a, AK_TLS_FINGERPRINT, a->tls_fingerprint);
	show_string(fp, a, AK_TLS_CERT_FILE, a->tls_cert_file);
	show_string(fp, a, AK_TLS_KEY_FILE, a->tls_key_file);
	show_string(fp, a, AK_TLS_PRIORITIES, a->tls_priorities);
	show_string(fp, a, AK_TLS_MIN_VERSION, a->tls_min_version);
	show_word(fp, a, AK_AUTH, conf_auth_name(a->auth));
	show_string(fp, a, AK_USER, a->user);
	/* Never the password itself: only whether there is one. */
	show_string(fp, a, AK_PASSWORD, a->password && *a->password ?
	    "********" : "");
	show_string(fp, a, AK_PASSWORD_COMMAND, a->password_command);
	show_string(fp, a, AK_FROM, a->from);
	show_from_match(fp, a);
	show_word(fp, a, AK_SET_FROM_HEADER, a->set_from_header ? "true" : "false");
	show_string(fp, a, AK_FALLBACK, a->fallback);
	show_word(fp, a, AK_PROTOCOL, conf_protocol_name(a->protocol));
	show_string(fp, a, AK_DSN_NOTIFY, a->dsn_notify);
	show_string(fp, a, AK_DSN_RETURN, a->dsn_return);
	show_string(fp, a, AK_SOURCE_IP, a->source_ip);
	fprintf(fp, "}\n");
}

void
show_envelope(FILE *fp, const struct account *a, const struct route *rt,
    const struct envelope *env)
{
	size_t i;

	fprintf(fp, "account: %s\nhost: %s:%d\nsender: <%s>\n", a->name,
	    str_or_unset(rt->host), rt->port, env->sender);
	for (i = 0; i < env->nrcpts; i++)
		fprintf(fp, "recipient: <%s>\n", env->rcpts[i].addr);
}
