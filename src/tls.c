/*
 * TLS sessions on GnuTLS. The socket stays non-blocking; the handshake
 * loops on GNUTLS_E_AGAIN with poll() against the connection's deadline,
 * so a server that stalls mid-handshake cannot hold postie past timeout.
 * The server is checked after the handshake and before any SMTP byte is
 * sent over the session, with gnutls_certificate_verify_peers3 (chain,
 * host name, validity), or against a pinned SHA-256 fingerprint.
 */
#include "config.h"

#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "conn.h"
#include "err.h"
#include "gtls.h"
#include "log.h"
#include "tls.h"

struct tls {
	gnutls_session_t		 session;
	gnutls_certificate_credentials_t cred;
	struct conn			*conn;
	char				 version[16];
	char				 host[256];
	unsigned			 status;	/* verification result */
	int				 verified;	/* verification was asked */
	int				 pinned;
	int				 pin_ok;
	int				 established;	/* handshake done */
};

static int
is_ip_literal(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1;
}

/* The transport conn uses once the session is up. */
static ssize_t
tls_read(void *ctx, void *p, size_t n)
{
	struct tls *t = ctx;
	ssize_t r = gnutls_record_recv(t->session, p, n);

	if (r >= 0)
		return r;
	if (r == GNUTLS_E_AGAIN)
		errno = EAGAIN;
	else if (r == GNUTLS_E_INTERRUPTED)
		errno = EINTR;
	else if (r == GNUTLS_E_PREMATURE_TERMINATION)
		return 0;	/* a close without close_notify is still a close */
	else
		errno = ECONNRESET;
	return -1;
}

static ssize_t
tls_write(void *ctx, const void *p, size_t n)
{
	struct tls *t = ctx;
	ssize_t r = gnutls_record_send(t->session, p, n);

	if (r >= 0)
		return r;
	if (r == GNUTLS_E_AGAIN)
		errno = EAGAIN;
	else if (r == GNUTLS_E_INTERRUPTED)
		errno = EINTR;
	else
		errno = EPIPE;
	return -1;
}

static size_t
tls_pending(void *ctx)
{
	return gnutls_record_check_pending(((struct tls *)ctx)->session);
}

static int
tls_wants_write(void *ctx)
{
	return gnutls_record_get_direction(((struct tls *)ctx)->session);
}

static void
tls_close(void *ctx)
{
	tls_free(ctx);
}

static const char *const version_removals[] = {
	"",						/* 1.0 */
	":-VERS-TLS1.0",				/* 1.1 */
	":-VERS-TLS1.0:-VERS-TLS1.1",			/* 1.2 */
	":-VERS-TLS1.0:-VERS-TLS1.1:-VERS-TLS1.2",	/* 1.3 */
};

static int
set_priorities(struct tls *t, const struct tls_policy *p, struct err *e)
{
	struct buf prio = BUF_INIT;
	const char *errpos = NULL;
	int minor = 2, r;

	if (p->min_version != NULL && strncmp(p->min_version, "1.", 2) == 0)
		minor = p->min_version[2] - '0';
	if (minor < 0 || minor > 3)
		return err_set(e, EX_CONFIG, "tls_min_version \"%s\" is not "
		    "1.0, 1.1, 1.2 or 1.3", p->min_version);
	if (buf_printf(&prio, "%s%s", p->priorities && *p->priorities ?
	    p->priorities : "@SYSTEM", version_removals[minor]) == -1)
		return err_nomem(e, "setting up TLS");
	r = gnutls_priority_set_direct(t->session, prio.data, &errpos);
	if (r == GNUTLS_E_INVALID_REQUEST && !(p->priorities && *p->priorities)) {
		/* No system policy file here: GnuTLS's own defaults then. */
		buf_reset(&prio);
		buf_printf(&prio, "NORMAL%s", version_removals[minor]);
		r = gnutls_priority_set_direct(t->session, prio.data, &errpos);
	}
	/* errpos points into prio: say it before prio goes. */
	if (r < 0)
		err_set(e, EX_CONFIG, "tls_priorities: %s near \"%s\"",
		    gnutls_strerror(r), errpos ? errpos : "");
	buf_free(&prio);
	return r < 0 ? -1 : 0;
}

static int
load_credentials(struct tls *t, const struct tls_policy *p, struct err *e)
{
	int r;

	if ((r = gnutls_certificate_allocate_credentials(&t->cred)) < 0)
		return err_set(e, EX_SOFTWARE, "TLS: %s", gnutls_strerror(r));
	/* The trust store is read only when it is going to be used. */
	if (p->verify && !(p->fingerprint && *p->fingerprint)) {
		if (p->ca_file && *p->ca_file)
			r = gnutls_certificate_set_x509_trust_file(t->cred,
			    p->ca_file, GNUTLS_X509_FMT_PEM);
		else
			r = gnutls_certificate_set_x509_system_trust(t->cred);
		if (r < 0)
			return err_set(e, EX_CONFIG, "cannot load %s: %s",
			    p->ca_file && *p->ca_file ? p->ca_file :
			    "the system trust store", gnutls_strerror(r));
		if (r == 0)
			return err_set(e, EX_CONFIG, "no certificate in %s",
			    p->ca_file && *p->ca_file ? p->ca_file :
			    "the system trust store");
	}
	if (p->cert_file && *p->cert_file) {
		r = gnutls_certificate_set_x509_key_file(t->cred, p->cert_file,
		    p->key_file && *p->key_file ? p->key_file : p->cert_file,
		    GNUTLS_X509_FMT_PEM);
		if (r < 0)
			return err_set(e, EX_CONFIG, "cannot load the client "
			    "certificate %s: %s", p->cert_file,
			    gnutls_strerror(r));
	}
	return 0;
}

static int
handshake(struct tls *t, struct err *e)
{
	const char *name = conn_name(t->conn);
	int r;

	conn_deadline(t->conn, conn_timeout(t->conn));
	while ((r = gnutls_handshake(t->session)) < 0) {
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
			if (conn_wait(t->conn,
			    gnutls_record_get_direction(t->session), e) == -1)
				return err_prefix(e, "%s: TLS handshake", name);
			continue;
		}
		if (!gnutls_error_is_fatal(r))
			continue;
		if (r == GNUTLS_E_UNSUPPORTED_VERSION_PACKET ||
		    r == GNUTLS_E_NO_CIPHER_SUITES ||
		    r == GNUTLS_E_INSUFFICIENT_CREDENTIALS ||
		    r == GNUTLS_E_NO_PRIORITIES_WERE_SET)
			return err_set(e, EX_UNAVAILABLE, "%s: TLS handshake "
			    "failed: %s", name, gnutls_strerror(r));
		return err_set(e, EX_TEMPFAIL, "%s: TLS handshake failed: %s",
		    name, gnutls_strerror(r));
	}
	t->established = 1;
	snprintf(t->version, sizeof(t->version), "%s",
	    gnutls_protocol_get_name(gnutls_protocol_get_version(t->session)));
	if (strncmp(t->version, "TLS", 3) == 0)
		memmove(t->version, t->version + 3, strlen(t->version + 3) + 1);
	return 0;
}

static void
hex_fingerprint(const unsigned char *md, char *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < 32 && n + 4 <= cap; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s%02X", i ? ":" : "",
		    md[i]);
}

static int
leaf_fingerprint(const struct tls *t, unsigned char md[32])
{
	const gnutls_datum_t *certs;
	unsigned int n = 0;

	certs = gnutls_certificate_get_peers(t->session, &n);
	if (certs == NULL || n == 0)
		return -1;
	return gnutls_hash_fast(GNUTLS_DIG_SHA256, certs[0].data, certs[0].size,
	    md) < 0 ? -1 : 0;
}

static int
check_pin(struct tls *t, const char *pin, struct err *e)
{
	unsigned char want[32], seen[32];
	char why[128], hex[100];

	t->pinned = 1;
	if (conf_parse_fingerprint(pin, want, why, sizeof(why)) == -1)
		return err_set(e, EX_CONFIG, "tls_fingerprint: %s", why);
	if (leaf_fingerprint(t, seen) == -1)
		return err_set(e, EX_TEMPFAIL, "%s: the server sent no "
		    "certificate", conn_name(t->conn));
	t->pin_ok = memcmp(want, seen, sizeof(want)) == 0;
	if (t->pin_ok)
		return 0;
	hex_fingerprint(seen, hex, sizeof(hex));
	return err_set(e, EX_TEMPFAIL, "%s: server certificate does not match "
	    "tls_fingerprint; it is sha256:%s", conn_name(t->conn), hex);
}

/* Verification status in words, e.g. "The certificate has expired." */
static void
status_words(unsigned status, char *out, size_t cap)
{
	gnutls_datum_t txt = { NULL, 0 };
	size_t n;

	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &txt, 0) < 0 || txt.data == NULL) {
		snprintf(out, cap, "verification failed (status 0x%x)", status);
		return;
	}
	snprintf(out, cap, "%s", (const char *)txt.data);
	gnutls_free(txt.data);
	for (n = strlen(out); n > 0 && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
}

static int
check_server(struct tls *t, const struct tls_policy *p, struct err *e)
{
	char why[400];
	int r;

	if (p->fingerprint && *p->fingerprint)
		return check_pin(t, p->fingerprint, e);
	if (!p->verify)
		return 0;
	t->verified = 1;
	r = gnutls_certificate_verify_peers3(t->session,
	    *t->host ? t->host : NULL, &t->status);
	if (r < 0)
		return err_set(e, EX_TEMPFAIL, "%s: cannot verify the server "
		    "certificate: %s", conn_name(t->conn), gnutls_strerror(r));
	if (t->status == 0)
		return 0;
	status_words(t->status, why, sizeof(why));
	return err_set(e, EX_TEMPFAIL, "%s: server certificate not accepted: %s",
	    conn_name(t->conn), why);
}

static int
session_setup(struct tls *t, const struct tls_policy *p, struct err *e)
{
	int r;

	if ((r = gnutls_init(&t->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK)) < 0)
		return err_set(e, EX_SOFTWARE, "TLS: %s", gnutls_strerror(r));
	if (load_credentials(t, p, e) == -1 || set_priorities(t, p, e) == -1)
		return -1;
	if ((r = gnutls_credentials_set(t->session, GNUTLS_CRD_CERTIFICATE,
	    t->cred)) < 0)
		return err_set(e, EX_SOFTWARE, "TLS: %s", gnutls_strerror(r));
	/* RFC 6066: SNI carries host names, never address literals. */
	if (*t->host && !is_ip_literal(t->host) &&
	    (r = gnutls_server_name_set(t->session, GNUTLS_NAME_DNS, t->host,
	    strlen(t->host))) < 0)
		return err_set(e, EX_SOFTWARE, "TLS: %s", gnutls_strerror(r));
	gnutls_transport_set_int(t->session, conn_fd(t->conn));
	return 0;
}

int
tls_start(struct tls **tp, struct conn *c, const struct tls_policy *p,
    struct trace *tr, struct err *e)
{
	struct transport tt;
	struct tls *t;
	char *desc;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return err_nomem(e, "setting up TLS");
	t->conn = c;
	snprintf(t->host, sizeof(t->host), "%s", p->host ? p->host : "");
	*tp = t;
	/* tls_free of a session never set up calls no GnuTLS function. */
	if (gtls_load(e) == -1 || session_setup(t, p, e) == -1 ||
	    handshake(t, e) == -1)
		return -1;
	desc = gnutls_session_get_desc(t->session);
	trace_note(tr, "TLS %s established: %s", t->version, desc ? desc : "");
	gnutls_free(desc);
	if (check_server(t, p, e) == -1) {
		if (p->enforce)
			return -1;
		trace_note(tr, "%s", e->msg);
	}
	if (!p->verify && !(p->fingerprint && *p->fingerprint))
		trace_note(tr, "warning: the server certificate is not "
		    "verified (tls_verify = false)");
	tt.read = tls_read;
	tt.write = tls_write;
	tt.pending = tls_pending;
	tt.wants_write = tls_wants_write;
	tt.close = tls_close;
	tt.ctx = t;
	conn_set_transport(c, &tt);
	return 0;
}

const char *
tls_version(const struct tls *t)
{
	return t->version;
}

static void
print_dn(FILE *fp, const char *label, gnutls_x509_crt_t crt, int issuer)
{
	gnutls_datum_t dn = { NULL, 0 };
	int r;

	r = issuer ? gnutls_x509_crt_get_issuer_dn2(crt, &dn) :
	    gnutls_x509_crt_get_dn2(crt, &dn);
	fprintf(fp, "%-14s %s\n", label, r >= 0 && dn.data ?
	    (const char *)dn.data : "(unknown)");
	gnutls_free(dn.data);
}

static void
print_time(FILE *fp, const char *label, time_t when)
{
	char buf[64];
	struct tm tm;

	if (when == (time_t)-1 || gmtime_r(&when, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, sizeof(buf), "(unknown)");
	fprintf(fp, "%-14s %s\n", label, buf);
}

static void
describe_certificate(const struct tls *t, FILE *fp)
{
	const gnutls_datum_t *certs;
	gnutls_x509_crt_t crt;
	unsigned char md[32];
	char hex[100];
	unsigned int n = 0;

	certs = gnutls_certificate_get_peers(t->session, &n);
	if (certs == NULL || n == 0 || gnutls_x509_crt_init(&crt) < 0) {
		fprintf(fp, "%-14s none\n", "certificate:");
		return;
	}
	if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0) {
		print_dn(fp, "subject:", crt, 0);
		print_dn(fp, "issuer:", crt, 1);
		print_time(fp, "valid from:", gnutls_x509_crt_get_activation_time(crt));
		print_time(fp, "valid until:", gnutls_x509_crt_get_expiration_time(crt));
	}
	gnutls_x509_crt_deinit(crt);
	if (leaf_fingerprint(t, md) == 0) {
		hex_fingerprint(md, hex, sizeof(hex));
		fprintf(fp, "%-14s sha256:%s\n", "fingerprint:", hex);
	}
}

void
tls_describe(const struct tls *t, FILE *fp)
{
	char why[400], *desc;

	fprintf(fp, "%-14s TLS %s\n", "tls version:", t->version);
	desc = gnutls_session_get_desc(t->session);
	fprintf(fp, "%-14s %s\n", "cipher:", desc ? desc : "(unknown)");
	gnutls_free(desc);
	describe_certificate(t, fp);
	if (t->pinned)
		fprintf(fp, "%-14s %s\n", "verification:", t->pin_ok ?
		    "fingerprint matches tls_fingerprint" :
		    "fingerprint does NOT match tls_fingerprint");
	else if (!t->verified)
		fprintf(fp, "%-14s not verified (tls_verify = false)\n",
		    "verification:");
	else {
		if (t->status == 0)
			snprintf(why, sizeof(why), "trusted, host name matches");
		else
			status_words(t->status, why, sizeof(why));
		fprintf(fp, "%-14s %s\n", "verification:", why);
	}
}

int
tls_verdict(const struct tls *t, char *out, size_t cap)
{
	if (t->pinned) {
		snprintf(out, cap, "%s", t->pin_ok ? "matches the pin" :
		    "does not match the pin");
		return t->pin_ok;
	}
	if (!t->verified) {
		snprintf(out, cap, "not verified");
		return 0;
	}
	if (t->status == 0) {
		snprintf(out, cap, "verified");
		return 1;
	}
	status_words(t->status, out, cap);
	return 0;
}

void
tls_free(struct tls *t)
{
	if (t == NULL)
		return;
	if (t->session != NULL) {
		/* close_notify only makes sense on a session that exists. */
		if (t->established)
			(void)gnutls_bye(t->session, GNUTLS_SHUT_WR);
		gnutls_deinit(t->session);
	}
	if (t->cred != NULL)
		gnutls_certificate_free_credentials(t->cred);
	free(t);
}
