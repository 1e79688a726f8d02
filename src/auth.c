/*
 * SASL client mechanisms for SMTP AUTH: PLAIN, LOGIN, CRAM-MD5,
 * SCRAM-SHA-1/-256, XOAUTH2, OAUTHBEARER and EXTERNAL, as step functions
 * without I/O. Each mechanism works on raw bytes; the wrappers here do
 * the base64 of the wire (GnuTLS) and keep every secret out of freed
 * memory. No SASLprep: passwords are used as given, as most clients do.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "auth.h"
#include "buf.h"
#include "err.h"
#include "gtls.h"

#define NONCE_RANDOM	18	/* random bytes: 24 base64 characters */
#define NONCE_MAX	64
#define HASH_MAX	32	/* SHA-256 */
#define SCRAM_ITER_MIN	4096	/* RFC 5802 §5.1 / RFC 7677 §4 */
#define SCRAM_ITER_MAX	10000000 /* a server may not keep us busy forever */
#define OAUTH_ERR_MAX	400	/* JSON kept for the final message */

struct mech {
	enum auth_mech		 mech;
	const char		*name;
	int			 rank;	/* auth=auto: higher first; 0 never */
	/* Raw initial response, or NULL when the mechanism waits. */
	int			(*initial)(struct sasl *, struct buf *,
				    struct err *);
	/* Raw answer to one decoded challenge. */
	int			(*step)(struct sasl *, const struct buf *,
				    struct buf *, struct err *);
	gnutls_mac_algorithm_t	 mac;	/* SCRAM and CRAM-MD5 */
	gnutls_digest_algorithm_t dig;	/* SCRAM */
	size_t			 hlen;	/* SCRAM: digest length */
};

struct sasl {
	const struct mech	*m;
	char			*user;
	char			*secret;	/* password or token */
	char			*host;		/* OAUTHBEARER */
	int			 port;
	int			 nstep;		/* challenges answered */
	int			 final_sent;	/* SCRAM client-final sent */
	int			 verified;	/* SCRAM: server proof seen */
	char			 nonce[NONCE_MAX + 1];
	struct buf		 first_bare;	/* SCRAM client-first-bare */
	unsigned char		 server_sig[HASH_MAX];
	struct buf		 oauth_error;
};

static int	plain_initial(struct sasl *, struct buf *, struct err *);
static int	external_initial(struct sasl *, struct buf *, struct err *);
static int	xoauth2_initial(struct sasl *, struct buf *, struct err *);
static int	oauthbearer_initial(struct sasl *, struct buf *, struct err *);
static int	scram_initial(struct sasl *, struct buf *, struct err *);
static int	no_step(struct sasl *, const struct buf *, struct buf *,
		    struct err *);
static int	login_step(struct sasl *, const struct buf *, struct buf *,
		    struct err *);
static int	cram_step(struct sasl *, const struct buf *, struct buf *,
		    struct err *);
static int	oauth_step(struct sasl *, const struct buf *, struct buf *,
		    struct err *);
static int	scram_step(struct sasl *, const struct buf *, struct buf *,
		    struct err *);

static const struct mech mechs[] = {
	{ AUTH_SCRAM_SHA_256, "SCRAM-SHA-256", 5, scram_initial, scram_step,
	    GNUTLS_MAC_SHA256, GNUTLS_DIG_SHA256, 32 },
	{ AUTH_SCRAM_SHA_1, "SCRAM-SHA-1", 4, scram_initial, scram_step,
	    GNUTLS_MAC_SHA1, GNUTLS_DIG_SHA1, 20 },
	{ AUTH_CRAM_MD5, "CRAM-MD5", 3, NULL, cram_step,
	    GNUTLS_MAC_MD5, GNUTLS_DIG_UNKNOWN, 0 },
	{ AUTH_PLAIN, "PLAIN", 2, plain_initial, no_step,
	    GNUTLS_MAC_UNKNOWN, GNUTLS_DIG_UNKNOWN, 0 },
	{ AUTH_LOGIN, "LOGIN", 1, NULL, login_step,
	    GNUTLS_MAC_UNKNOWN, GNUTLS_DIG_UNKNOWN, 0 },
	{ AUTH_XOAUTH2, "XOAUTH2", 0, xoauth2_initial, oauth_step,
	    GNUTLS_MAC_UNKNOWN, GNUTLS_DIG_UNKNOWN, 0 },
	{ AUTH_OAUTHBEARER, "OAUTHBEARER", 0, oauthbearer_initial, oauth_step,
	    GNUTLS_MAC_UNKNOWN, GNUTLS_DIG_UNKNOWN, 0 },
	{ AUTH_EXTERNAL, "EXTERNAL", 0, external_initial, no_step,
	    GNUTLS_MAC_UNKNOWN, GNUTLS_DIG_UNKNOWN, 0 },
};

#define NMECHS	(sizeof(mechs) / sizeof(mechs[0]))

static const struct mech *
mech_find(enum auth_mech m)
{
	size_t i;

	for (i = 0; i < NMECHS; i++)
		if (mechs[i].mech == m)
			return &mechs[i];
	return NULL;
}

const char *
sasl_mech_name(enum auth_mech m)
{
	const struct mech *mp = mech_find(m);

	return mp != NULL ? mp->name : NULL;
}

/* -- choosing ------------------------------------------------------- */

/* Whether the space separated list holds name as a whole word. */
static int
offers(const char *offered, const char *name)
{
	size_t n = strlen(name), w;
	const char *p = offered;

	while (*p != '\0') {
		p += strspn(p, " \t");
		w = strcspn(p, " \t");
		if (w == n && strncasecmp(p, name, n) == 0)
			return 1;
		p += w;
	}
	return 0;
}

/*
 * n bytes of server text made safe for a message: runs of white space
 * become one space, other control and 8-bit bytes '?'.
 */
static void
clean_text(const char *p, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < outlen; i++) {
		if (isspace((unsigned char)p[i])) {
			if (o > 0 && out[o - 1] != ' ')
				out[o++] = ' ';
		} else
			out[o++] = (p[i] > ' ' && p[i] < 0x7f) ? p[i] : '?';
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

enum auth_mech
sasl_choose(enum auth_mech wanted, const char *offered, struct err *e)
{
	const struct mech *best = NULL;
	char list[256];
	size_t i;

	if (offered == NULL)
		offered = "";
	for (i = 0; i < NMECHS; i++) {
		if (!offers(offered, mechs[i].name))
			continue;
		if (wanted == mechs[i].mech)
			return wanted;
		if (wanted == AUTH_AUTO && mechs[i].rank > 0 &&
		    (best == NULL || mechs[i].rank > best->rank))
			best = &mechs[i];
	}
	if (best != NULL)
		return best->mech;
	if (wanted == AUTH_NONE) {
		err_set(e, EX_SOFTWARE, "no authentication mechanism "
		    "asked for");
		return AUTH_NONE;
	}
	clean_text(offered, strlen(offered), list, sizeof(list));
	if (list[0] == '\0')
		err_set(e, EX_NOPERM, "the server offers no AUTH (auth = %s)",
		    conf_auth_name(wanted));
	else
		err_set(e, EX_NOPERM, "no common authentication mechanism "
		    "(the server offers: %s; auth = %s)", list,
		    conf_auth_name(wanted));
	return AUTH_NONE;
}

/* -- base64 and secret buffers -------------------------------------- */

/* Replaces the contents of out without leaving old bytes in freed memory. */
static int
out_set(struct buf *out, const void *p, size_t n)
{
	secure_wipe(out->data, out->cap);
	if (out->cap < n + 1)
		buf_wipe(out);
	buf_reset(out);
	return buf_add(out, p, n);
}

static int
b64_encode(const void *p, size_t n, struct buf *out, struct err *e)
{
	gnutls_datum_t in, res = { NULL, 0 };
	int rc;

	if (n == 0)
		return out_set(out, "", 0) == -1 ?
		    err_nomem(e, "an AUTH response") : 0;
	in.data = (unsigned char *)(uintptr_t)p;
	in.size = (unsigned int)n;
	if (n > UINT_MAX / 2 || gnutls_base64_encode2(&in, &res) < 0)
		return err_set(e, EX_SOFTWARE, "cannot encode an AUTH "
		    "response");
	rc = out_set(out, res.data, res.size);
	secure_wipe(res.data, res.size);
	gnutls_free(res.data);
	return rc == -1 ? err_nomem(e, "an AUTH response") : 0;
}

/* Decodes n bytes of text into raw, NUL-terminated; name is for messages. */
static int
b64_decode(const char *text, size_t n, struct buf *raw, const char *name,
    struct err *e)
{
	gnutls_datum_t in, res = { NULL, 0 };
	int rc;

	buf_reset(raw);
	in.data = (unsigned char *)(uintptr_t)text;
	in.size = (unsigned int)n;
	if (n > UINT_MAX / 2 || gnutls_base64_decode2(&in, &res) < 0)
		return err_set(e, EX_PROTOCOL, "%s: the server's challenge "
		    "is not valid base64", name);
	rc = buf_add(raw, res.data != NULL ? (const void *)res.data : "",
	    res.size);
	gnutls_free(res.data);
	return rc == -1 ? err_nomem(e, "an AUTH challenge") : 0;
}

/* RFC 5802 saslname: '=' and ',' escaped as =3D and =2C. */
static int
add_saslname(struct buf *b, const char *name)
{
	for (; *name != '\0'; name++) {
		if (*name == '=') {
			if (buf_addstr(b, "=3D") == -1)
				return -1;
		} else if (*name == ',') {
			if (buf_addstr(b, "=2C") == -1)
				return -1;
		} else if (buf_addch(b, *name) == -1)
			return -1;
	}
	return 0;
}

/* -- the simple mechanisms ------------------------------------------ */

/* RFC 4616: authzid (empty) NUL authcid NUL passwd. */
static int
plain_initial(struct sasl *s, struct buf *raw, struct err *e)
{
	if (buf_addch(raw, '\0') == -1 || buf_addstr(raw, s->user) == -1 ||
	    buf_addch(raw, '\0') == -1 || buf_addstr(raw, s->secret) == -1)
		return err_nomem(e, "the PLAIN response");
	return 0;
}

/* RFC 4422 appendix A: an empty authzid, the identity of the TLS layer. */
static int
external_initial(struct sasl *s, struct buf *raw, struct err *e)
{
	return 0;
}

static int
xoauth2_initial(struct sasl *s, struct buf *raw, struct err *e)
{
	if (buf_printf(raw, "user=%s\001auth=Bearer %s\001\001", s->user,
	    s->secret) == -1)
		return err_nomem(e, "the XOAUTH2 response");
	return 0;
}

/* RFC 7628 §3.1: GS2 header with the authzid, then key=value pairs. */
static int
oauthbearer_initial(struct sasl *s, struct buf *raw, struct err *e)
{
	if (buf_addstr(raw, "n,a=") == -1 || add_saslname(raw, s->user) == -1 ||
	    buf_addstr(raw, ",\001") == -1)
		return err_nomem(e, "the OAUTHBEARER response");
	if (s->host[0] != '\0' &&
	    buf_printf(raw, "host=%s\001", s->host) == -1)
		return err_nomem(e, "the OAUTHBEARER response");
	if (s->port > 0 && buf_printf(raw, "port=%d\001", s->port) == -1)
		return err_nomem(e, "the OAUTHBEARER response");
	if (buf_printf(raw, "auth=Bearer %s\001\001", s->secret) == -1)
		return err_nomem(e, "the OAUTHBEARER response");
	return 0;
}

static int
no_step(struct sasl *s, const struct buf *ch, struct buf *raw, struct err *e)
{
	return err_set(e, EX_PROTOCOL, "%s: unexpected challenge from the "
	    "server", s->m->name);
}

/* Prompts are "Username:" then "Password:"; only their order counts. */
static int
login_step(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	if (s->nstep > 1)
		return no_step(s, ch, raw, e);
	if (buf_addstr(raw, s->nstep == 0 ? s->user : s->secret) == -1)
		return err_nomem(e, "the LOGIN response");
	return 0;
}

/* RFC 2195: "user hex(HMAC-MD5(password, challenge))". */
static int
cram_step(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[16];
	size_t i;
	int rc = 0;

	if (s->nstep > 0 || ch->len == 0)
		return no_step(s, ch, raw, e);
	if (gnutls_hmac_fast(s->m->mac, s->secret, strlen(s->secret),
	    ch->data, ch->len, mac) < 0)
		return err_set(e, EX_SOFTWARE, "CRAM-MD5: HMAC-MD5 failed");
	if (buf_printf(raw, "%s ", s->user) == -1)
		rc = err_nomem(e, "the CRAM-MD5 response");
	for (i = 0; i < sizeof(mac) && rc == 0; i++)
		if (buf_addch(raw, hex[mac[i] >> 4]) == -1 ||
		    buf_addch(raw, hex[mac[i] & 0xf]) == -1)
			rc = err_nomem(e, "the CRAM-MD5 response");
	secure_wipe(mac, sizeof(mac));
	return rc;
}

/*
 * An OAuth error challenge is JSON (RFC 7628 §3.2.2, Google's XOAUTH2):
 * keep it for the message, then answer so that the server sends its
 * final reply: an empty line for XOAUTH2, a lone 0x01 for OAUTHBEARER.
 */
static int
oauth_step(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	char json[OAUTH_ERR_MAX];

	if (s->oauth_error.len > 0 || ch->len == 0)
		return no_step(s, ch, raw, e);
	clean_text(ch->data, ch->len, json, sizeof(json));
	if (buf_addstr(&s->oauth_error, json[0] != '\0' ? json : "{}") == -1)
		return err_nomem(e, "the OAuth error");
	if (s->m->mech == AUTH_OAUTHBEARER && buf_addch(raw, '\001') == -1)
		return err_nomem(e, "the OAUTHBEARER response");
	return 0;
}

/* -- SCRAM (RFC 5802, RFC 7677), without channel binding ------------- */

static int
scram_initial(struct sasl *s, struct buf *raw, struct err *e)
{
	unsigned char rnd[NONCE_RANDOM];
	struct buf nonce = BUF_INIT;

	if (s->nonce[0] == '\0') {
		if (gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof(rnd)) < 0)
			return err_set(e, EX_SOFTWARE,
			    "%s: no random bytes for the nonce", s->m->name);
		if (b64_encode(rnd, sizeof(rnd), &nonce, e) == -1)
			return -1;
		memcpy(s->nonce, nonce.data, nonce.len + 1);
		buf_free(&nonce);
	}
	buf_reset(&s->first_bare);
	if (buf_addstr(&s->first_bare, "n=") == -1 ||
	    add_saslname(&s->first_bare, s->user) == -1 ||
	    buf_printf(&s->first_bare, ",r=%s", s->nonce) == -1 ||
	    buf_addstr(raw, "n,,") == -1 ||
	    buf_add(raw, s->first_bare.data, s->first_bare.len) == -1)
		return err_nomem(e, "the SCRAM client-first message");
	return 0;
}

struct scram_first {
	const char	*nonce;		/* the whole nonce, in the challenge */
	size_t		 nonce_len;
	struct buf	 salt;
	unsigned	 iter;
};

/* The keys of RFC 5802 §3, on the stack, wiped by the caller. */
struct scram_keys {
	unsigned char	 salted[HASH_MAX];
	unsigned char	 client_key[HASH_MAX];
	unsigned char	 stored_key[HASH_MAX];
	unsigned char	 client_sig[HASH_MAX];
	unsigned char	 proof[HASH_MAX];
	unsigned char	 server_key[HASH_MAX];
};

/*
 * The value of the attribute at *p, which must be "key=": sets *val and
 * *len and moves *p past the comma that follows (NULL at the end).
 */
static int
scram_attr(const char **p, char key, const char **val, size_t *len)
{
	const char *a = *p;

	if (a == NULL || a[0] != key || a[1] != '=')
		return -1;
	*val = a + 2;
	*len = strcspn(*val, ",");
	*p = (*val)[*len] == ',' ? *val + *len + 1 : NULL;
	return 0;
}

/* Digits only, within the bounds; a huge count would keep us busy. */
static int
scram_iterations(const char *v, size_t len, unsigned *iter)
{
	unsigned long n = 0;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (unsigned long)(v[i] - '0');
	}
	if (n < SCRAM_ITER_MIN || n > SCRAM_ITER_MAX)
		return -1;
	*iter = (unsigned)n;
	return 0;
}

/* Whether the server's nonce is printable and extends ours. */
static int
scram_nonce_ok(const struct sasl *s, const char *nonce, size_t len)
{
	size_t i, ours = strlen(s->nonce);

	for (i = 0; i < len; i++)
		if (nonce[i] <= ' ' || nonce[i] >= 0x7f)
			return 0;
	return len > ours && memcmp(nonce, s->nonce, ours) == 0;
}

/* Parses and checks "r=NONCE,s=SALT,i=COUNT[,extensions]". */
static int
scram_parse_first(struct sasl *s, const struct buf *ch,
    struct scram_first *f, struct err *e)
{
	const char *p = ch->data, *salt, *it;
	size_t salt_len, it_len;

	if (strlen(ch->data) != ch->len)
		return err_set(e, EX_PROTOCOL, "%s: NUL byte in the "
		    "server-first message", s->m->name);
	if (p[0] == 'm' && p[1] == '=')
		return err_set(e, EX_PROTOCOL, "%s: the server demands an "
		    "extension we do not know", s->m->name);
	if (scram_attr(&p, 'r', &f->nonce, &f->nonce_len) == -1 ||
	    scram_attr(&p, 's', &salt, &salt_len) == -1 ||
	    scram_attr(&p, 'i', &it, &it_len) == -1)
		return err_set(e, EX_PROTOCOL, "%s: malformed server-first "
		    "message", s->m->name);
	if (!scram_nonce_ok(s, f->nonce, f->nonce_len))
		return err_set(e, EX_NOPERM, "%s: the server's nonce does "
		    "not extend ours", s->m->name);
	if (scram_iterations(it, it_len, &f->iter) == -1)
		return err_set(e, EX_NOPERM, "%s: iteration count \"%.*s\" "
		    "refused (%d to %d accepted)", s->m->name,
		    (int)(it_len > 12 ? 12 : it_len), it, SCRAM_ITER_MIN,
		    SCRAM_ITER_MAX);
	if (b64_decode(salt, salt_len, &f->salt, s->m->name, e) == -1 ||
	    f->salt.len == 0)
		return err_set(e, EX_PROTOCOL, "%s: the salt is empty or "
		    "not base64", s->m->name);
	return 0;
}

/* ClientProof and ServerSignature from the password and AuthMessage. */
static int
scram_keys(struct sasl *s, const struct scram_first *f,
    const struct buf *authmsg, struct scram_keys *k, struct err *e)
{
	const struct mech *m = s->m;
	gnutls_datum_t pw, salt;
	size_t i;

	pw.data = (unsigned char *)s->secret;
	pw.size = (unsigned int)strlen(s->secret);
	salt.data = (unsigned char *)f->salt.data;
	salt.size = (unsigned int)f->salt.len;
	if (gnutls_pbkdf2(m->mac, &pw, &salt, f->iter, k->salted,
	    m->hlen) < 0 ||
	    gnutls_hmac_fast(m->mac, k->salted, m->hlen, "Client Key", 10,
	    k->client_key) < 0 ||
	    gnutls_hash_fast(m->dig, k->client_key, m->hlen,
	    k->stored_key) < 0 ||
	    gnutls_hmac_fast(m->mac, k->stored_key, m->hlen, authmsg->data,
	    authmsg->len, k->client_sig) < 0 ||
	    gnutls_hmac_fast(m->mac, k->salted, m->hlen, "Server Key", 10,
	    k->server_key) < 0 ||
	    gnutls_hmac_fast(m->mac, k->server_key, m->hlen, authmsg->data,
	    authmsg->len, s->server_sig) < 0)
		return err_set(e, EX_SOFTWARE, "%s: key computation failed",
		    m->name);
	for (i = 0; i < m->hlen; i++)
		k->proof[i] = k->client_key[i] ^ k->client_sig[i];
	return 0;
}

/*
 * server-first in, client-final out: "c=biws,r=NONCE,p=PROOF", where
 * biws is base64("n,,"): no channel binding, no authzid.
 */
static int
scram_server_first(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	struct scram_first f = { NULL, 0, BUF_INIT, 0 };
	struct buf authmsg = BUF_INIT, proof = BUF_INIT;
	struct scram_keys k;
	int rc = -1;

	memset(&k, 0, sizeof(k));
	if (s->first_bare.len == 0)
		return no_step(s, ch, raw, e);
	if (scram_parse_first(s, ch, &f, e) == -1)
		goto done;
	if (buf_addstr(raw, "c=biws,r=") == -1 ||
	    buf_add(raw, f.nonce, f.nonce_len) == -1 ||
	    buf_printf(&authmsg, "%s,%s,%s", s->first_bare.data, ch->data,
	    raw->data) == -1) {
		err_nomem(e, "the SCRAM client-final message");
		goto done;
	}
	if (scram_keys(s, &f, &authmsg, &k, e) == -1 ||
	    b64_encode(k.proof, s->m->hlen, &proof, e) == -1)
		goto done;
	if (buf_printf(raw, ",p=%s", proof.data) == -1) {
		err_nomem(e, "the SCRAM client-final message");
		goto done;
	}
	s->final_sent = 1;
	rc = 0;
done:
	secure_wipe(&k, sizeof(k));
	buf_free(&f.salt);
	buf_free(&authmsg);
	buf_wipe(&proof);
	return rc;
}

/* Compares without an early exit, so that timing tells nothing. */
static int
same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

/* server-final: "v=SIGNATURE" proves the server knows the password. */
static int
scram_server_final(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	struct buf sig = BUF_INIT;
	const char *p = ch->data, *v;
	char why[128];
	size_t len;
	int ok;

	if (strlen(ch->data) == ch->len && scram_attr(&p, 'e', &v, &len) == 0) {
		clean_text(v, len, why, sizeof(why));
		return err_set(e, EX_NOPERM, "%s: the server refused the "
		    "exchange: %s", s->m->name, why);
	}
	p = ch->data;
	if (strlen(ch->data) != ch->len ||
	    scram_attr(&p, 'v', &v, &len) == -1)
		return err_set(e, EX_PROTOCOL, "%s: malformed server-final "
		    "message", s->m->name);
	if (b64_decode(v, len, &sig, s->m->name, e) == -1)
		return -1;
	ok = sig.len == s->m->hlen &&
	    same_bytes((unsigned char *)sig.data, s->server_sig, s->m->hlen);
	buf_free(&sig);
	if (!ok)
		return err_set(e, EX_NOPERM, "%s: the server's signature is "
		    "wrong: it does not know the password, or someone is in "
		    "between", s->m->name);
	s->verified = 1;
	return 0;
}

static int
scram_step(struct sasl *s, const struct buf *ch, struct buf *raw,
    struct err *e)
{
	if (s->verified)
		return no_step(s, ch, raw, e);
	if (s->final_sent)
		return scram_server_final(s, ch, raw, e);
	return scram_server_first(s, ch, raw, e);
}

/* -- the exchange ----------------------------------------------------- */

static void
wipe_str(char *p)
{
	if (p != NULL)
		secure_wipe(p, strlen(p));
	free(p);
}

void
sasl_free(struct sasl *s)
{
	if (s == NULL)
		return;
	wipe_str(s->user);
	wipe_str(s->secret);
	wipe_str(s->host);
	buf_wipe(&s->first_bare);
	buf_wipe(&s->oauth_error);
	secure_wipe(s, sizeof(*s));
	free(s);
}

/* The OAuth formats use 0x01 as a separator: it cannot be in a field. */
static int
sasl_check_fields(const struct mech *m, const char *user, const char *secret,
    const char *host, struct err *e)
{
	if (m->mech != AUTH_XOAUTH2 && m->mech != AUTH_OAUTHBEARER)
		return 0;
	if (strchr(user, '\001') != NULL || strchr(secret, '\001') != NULL ||
	    strchr(host, '\001') != NULL)
		return err_set(e, EX_CONFIG, "%s: the user name, token or "
		    "host holds a 0x01 byte", m->name);
	return 0;
}

int
sasl_new(struct sasl **sp, enum auth_mech mech, const char *user,
    const char *secret, const char *host, int port, struct err *e)
{
	const struct mech *m = mech_find(mech);
	const char *name = conf_auth_name(mech);
	struct sasl *s;

	*sp = NULL;
	if (m == NULL)
		return err_set(e, EX_SOFTWARE, "no SASL mechanism for "
		    "auth = %s", name != NULL ? name : "?");
	user = user != NULL ? user : "";
	secret = secret != NULL ? secret : "";
	host = host != NULL ? host : "";
	/* Every mechanism needs base64 at least: GnuTLS from here on. */
	if (sasl_check_fields(m, user, secret, host, e) == -1 ||
	    gtls_load(e) == -1)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return err_nomem(e, "the SASL state");
	s->m = m;
	s->port = port;
	if ((s->user = strdup(user)) == NULL ||
	    (s->secret = strdup(secret)) == NULL ||
	    (s->host = strdup(host)) == NULL) {
		sasl_free(s);
		return err_nomem(e, "the SASL state");
	}
	*sp = s;
	return 0;
}

int
sasl_set_nonce(struct sasl *s, const char *nonce)
{
	size_t i, n = strlen(nonce);

	if (s->m->initial != scram_initial || n == 0 || n > NONCE_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (nonce[i] <= ' ' || nonce[i] >= 0x7f || nonce[i] == ',')
			return -1;
	memcpy(s->nonce, nonce, n + 1);
	return 0;
}

/*
 * Allocates raw once, large enough for any response, so that no realloc
 * leaves a copy of a secret in freed memory.
 */
static int
raw_reserve(const struct sasl *s, size_t challenge, struct buf *raw,
    struct err *e)
{
	size_t need = 3 * strlen(s->user) + strlen(s->secret) +
	    strlen(s->host) + challenge + 256;

	if (need > INT_MAX || buf_printf(raw, "%*s", (int)need, "") == -1)
		return err_nomem(e, "an AUTH response");
	buf_reset(raw);
	return 0;
}

int
sasl_initial(struct sasl *s, struct buf *out, int *has_initial,
    struct err *e)
{
	struct buf raw = BUF_INIT;
	int rc;

	*has_initial = 0;
	if (out_set(out, "", 0) == -1)
		return err_nomem(e, "an AUTH response");
	if (s->m->initial == NULL)
		return 0;
	if (raw_reserve(s, 0, &raw, e) == -1)
		return -1;
	rc = s->m->initial(s, &raw, e);
	if (rc == 0 && raw.len == 0)	/* RFC 4954 §4: "=" is empty */
		rc = out_set(out, "=", 1) == -1 ?
		    err_nomem(e, "an AUTH response") : 0;
	else if (rc == 0)
		rc = b64_encode(raw.data, raw.len, out, e);
	buf_wipe(&raw);
	if (rc == 0)
		*has_initial = 1;
	return rc;
}

int
sasl_step(struct sasl *s, const char *challenge, struct buf *out,
    struct err *e)
{
	struct buf ch = BUF_INIT, raw = BUF_INIT;
	int rc = -1;

	if (out_set(out, "", 0) == -1)
		return err_nomem(e, "an AUTH response");
	if (b64_decode(challenge, strlen(challenge), &ch, s->m->name,
	    e) == -1 || raw_reserve(s, ch.len, &raw, e) == -1)
		goto done;
	/* RFC 4954 §4: an empty challenge asks for the initial response. */
	if (ch.len == 0 && s->nstep == 0 && s->m->initial != NULL)
		rc = s->m->initial(s, &raw, e);
	else
		rc = s->m->step(s, &ch, &raw, e);
	if (rc == 0)
		rc = b64_encode(raw.data, raw.len, out, e);
	s->nstep++;
done:
	buf_free(&ch);
	buf_wipe(&raw);
	return rc;
}

int
sasl_done(struct sasl *s, struct err *e)
{
	if (s->m->initial == scram_initial && !s->verified)
		return err_set(e, EX_NOPERM, "%s: the server accepted us "
		    "without proving it knows the password", s->m->name);
	return 0;
}

const char *
sasl_oauth_error(const struct sasl *s)
{
	return s->oauth_error.data != NULL ? s->oauth_error.data : "";
}
