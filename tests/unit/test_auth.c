/*
 * SASL mechanisms: whole exchanges as tables of challenges and the
 * responses wanted, with the examples of RFC 4616, 2195, 5802, 7677 and
 * 7628 and Google's XOAUTH2 page; SCRAM failures; mechanism choice.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include <gnutls/gnutls.h>

#include "auth.h"
#include "buf.h"
#include "err.h"
#include "t.h"

struct bytes {
	const char	*p;
	size_t		 n;
};

#define B(s)	{ (s), sizeof(s) - 1 }

struct step {
	struct bytes	 challenge;	/* raw; p NULL ends the exchange */
	const char	*wire;		/* or the challenge as sent, if set */
	struct bytes	 want;		/* raw response wanted */
	int		 ex;		/* or: the step fails with this code */
};

struct sasl_case {
	const char	*label;
	enum auth_mech	 mech;
	const char	*user;
	const char	*secret;
	const char	*nonce;		/* SCRAM client nonce, or random */
	int		 has_initial;
	struct bytes	 initial;	/* raw initial response */
	const char	*initial_wire;	/* checked too when set */
	struct step	 steps[3];
	int		 done_ex;	/* sasl_done: 0 or the code; -1 skip */
	const char	*oauth_error;
};

#define NO_STEPS	{ { { NULL, 0 }, NULL, { NULL, 0 }, 0 } }
#define STEP(c, w)	{ B(c), NULL, B(w), 0 }
#define FAIL(c, ex)	{ B(c), NULL, { NULL, 0 }, ex }

#define SCRAM1_FIRST	"r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j," \
			"s=QSXCR+Q6sek8bf92,i=4096"
#define SCRAM1_FINAL	"c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j," \
			"p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="
#define SCRAM256_NONCE	"rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define SCRAM256_FIRST	"r=" SCRAM256_NONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define SCRAM256_FINAL	"c=biws,r=" SCRAM256_NONCE \
			",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
#define SCRAM256_V	"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
#define SCRAM1_NONCE	"fyko+d2lbbFgONRv9qkxdawL"
#define SCRAM1_CFIRST	"n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"
#define OAUTH_JSON	"{\"status\":\"invalid_token\",\"scope\":" \
			"\"example_scope\",\"openid-configuration\":" \
			"\"https://example.com/.well-known/" \
			"openid-configuration\"}"
#define GOOGLE_JSON	"{\"status\":\"401\",\"schemes\":\"Bearer\"," \
			"\"scope\":\"https://mail.google.com/\"}"
#define GOOGLE_TOKEN	"ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
#define GOOGLE_RAW	"user=someuser@example.com\001auth=Bearer " \
			GOOGLE_TOKEN "\001\001"

static const struct sasl_case sasl_cases[] = {
	{ "PLAIN: RFC 4616", AUTH_PLAIN, "tim", "tanstaaftanstaaf", NULL,
	    1, B("\0tim\0tanstaaftanstaaf"), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm",
	    NO_STEPS, 0, "" },
	{ "PLAIN: empty challenge asks for the response", AUTH_PLAIN, "tim",
	    "tanstaaftanstaaf", NULL, 1, B("\0tim\0tanstaaftanstaaf"), NULL,
	    { STEP("", "\0tim\0tanstaaftanstaaf") }, 0, "" },
	{ "PLAIN: unexpected challenge", AUTH_PLAIN, "tim", "pw", NULL,
	    1, B("\0tim\0pw"), NULL, { FAIL("what?", EX_PROTOCOL) }, -1, "" },
	{ "LOGIN: two prompts", AUTH_LOGIN, "tim", "tanstaaftanstaaf", NULL,
	    0, B(""), "", { STEP("Username:", "tim"),
	    STEP("Password:", "tanstaaftanstaaf") }, 0, "" },
	{ "LOGIN: a third prompt", AUTH_LOGIN, "tim", "pw", NULL, 0, B(""),
	    "", { STEP("Username:", "tim"), STEP("Password:", "pw"),
	    FAIL("Again:", EX_PROTOCOL) }, -1, "" },
	{ "CRAM-MD5: RFC 2195", AUTH_CRAM_MD5, "tim", "tanstaaftanstaaf", NULL,
	    0, B(""), "", { { B(""), "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmV"
	    "zdG9uLm1jaS5uZXQ+", B("tim b913a602c7eda7a495b4e6e7334d3890"),
	    0 } }, 0, "" },
	{ "CRAM-MD5: empty challenge", AUTH_CRAM_MD5, "tim", "pw", NULL,
	    0, B(""), "", { FAIL("", EX_PROTOCOL) }, -1, "" },
	{ "CRAM-MD5: challenge not base64", AUTH_CRAM_MD5, "tim", "pw", NULL,
	    0, B(""), "", { { B(""), "<1896.697170952@postoffice>",
	    { NULL, 0 }, EX_PROTOCOL } }, -1, "" },
	{ "CRAM-MD5: base64 cut short", AUTH_CRAM_MD5, "tim", "pw", NULL,
	    0, B(""), "", { { B(""), "QUJDR", { NULL, 0 }, EX_PROTOCOL } },
	    -1, "" },
	{ "SCRAM-SHA-1: RFC 5802", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    STEP("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", "") }, 0, "" },
	{ "SCRAM-SHA-256: RFC 7677", AUTH_SCRAM_SHA_256, "user", "pencil",
	    "rOprNGfwEbeRWgbNEkqO", 1, B("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"),
	    NULL, { STEP(SCRAM256_FIRST, SCRAM256_FINAL),
	    STEP(SCRAM256_V, "") }, 0, "" },
	{ "SCRAM: empty first challenge", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP("", SCRAM1_CFIRST), STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    STEP("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", "") }, 0, "" },
	{ "SCRAM: user name escaped", AUTH_SCRAM_SHA_256, "a=b,c", "pw",
	    "abc", 1, B("n,,n=a=3Db=2Cc,r=abc"), NULL, NO_STEPS, EX_NOPERM,
	    "" },
	{ "SCRAM: wrong server signature", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    FAIL("v=rmF9pqV8S7suAoZWja4dJRkFsKQ", EX_PROTOCOL) }, -1, "" },
	{ "SCRAM: signature of another password", AUTH_SCRAM_SHA_1, "user",
	    "pencil", SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    FAIL("v=smF9pqV8S7suAoZWja4dJRkFsKQ=", EX_NOPERM) }, -1, "" },
	{ "SCRAM: SHA-256 signature for SHA-1", AUTH_SCRAM_SHA_1, "user",
	    "pencil", SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL), FAIL(SCRAM256_V, EX_NOPERM) },
	    -1, "" },
	{ "SCRAM: server error", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    FAIL("e=invalid-proof", EX_NOPERM) }, -1, "" },
	{ "SCRAM: 235 without server-final", AUTH_SCRAM_SHA_1, "user",
	    "pencil", SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL) }, EX_NOPERM, "" },
	{ "SCRAM: challenge after server-final", AUTH_SCRAM_SHA_1, "user",
	    "pencil", SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { STEP(SCRAM1_FIRST, SCRAM1_FINAL),
	    STEP("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", ""),
	    FAIL("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", EX_PROTOCOL) }, -1, "" },
	{ "SCRAM: tampered nonce", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawX3rfcNHYJY1ZVvWVs7j,"
	    "s=QSXCR+Q6sek8bf92,i=4096", EX_NOPERM) }, -1, "" },
	{ "SCRAM: nonce not extended", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096",
	    EX_NOPERM) }, -1, "" },
	{ "SCRAM: iteration count 4095", AUTH_SCRAM_SHA_256, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=4095",
	    EX_NOPERM) }, -1, "" },
	{ "SCRAM: iteration count huge", AUTH_SCRAM_SHA_256, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,"
	    "i=4294967297", EX_NOPERM) }, -1, "" },
	{ "SCRAM: iteration count not a number", AUTH_SCRAM_SHA_1, "user",
	    "pencil", SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=-4096",
	    EX_NOPERM) }, -1, "" },
	{ "SCRAM: mandatory extension", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("m=x," SCRAM1_FIRST, EX_PROTOCOL) }, -1, "" },
	{ "SCRAM: salt missing", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx,i=4096", EX_PROTOCOL) }, -1,
	    "" },
	{ "SCRAM: salt not base64", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx,s=Q*X,i=4096", EX_PROTOCOL) },
	    -1, "" },
	{ "SCRAM: NUL in server-first", AUTH_SCRAM_SHA_1, "user", "pencil",
	    SCRAM1_NONCE, 1, B(SCRAM1_CFIRST), NULL,
	    { FAIL("r=fyko+d2lbbFgONRv9qkxdawLx\0,s=QSXC,i=4096",
	    EX_PROTOCOL) }, -1, "" },
	{ "XOAUTH2: Google's example", AUTH_XOAUTH2, "someuser@example.com",
	    GOOGLE_TOKEN, NULL, 1, B(GOOGLE_RAW), "dXNlcj1zb21ldXNlckBleGFtcG"
	    "xlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSF"
	    "JoZG1semRHRXVZMjl0Q2cBAQ==", NO_STEPS, 0, "" },
	{ "XOAUTH2: error kept, empty answer", AUTH_XOAUTH2,
	    "someuser@example.com", GOOGLE_TOKEN, NULL, 1, B(GOOGLE_RAW), NULL,
	    { STEP(GOOGLE_JSON, "") }, 0, GOOGLE_JSON },
	{ "XOAUTH2: a second error", AUTH_XOAUTH2, "someuser@example.com",
	    GOOGLE_TOKEN, NULL, 1, B(GOOGLE_RAW), NULL,
	    { STEP(GOOGLE_JSON, ""), FAIL(GOOGLE_JSON, EX_PROTOCOL) }, -1,
	    GOOGLE_JSON },
	{ "XOAUTH2: JSON on several lines", AUTH_XOAUTH2, "u", "t", NULL, 1,
	    B("user=u\001auth=Bearer t\001\001"), NULL,
	    { STEP("{\n  \"status\": \"400\"\n}\n", "") }, 0,
	    "{ \"status\": \"400\" }" },
	{ "OAUTHBEARER: error kept, AQ== answer", AUTH_OAUTHBEARER,
	    "user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
	    NULL, 1, B("n,a=user@example.com,\001host=server.example.com\001"
	    "port=143\001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg"
	    "==\001\001"), "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW"
	    "1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbG"
	    "NrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
	    { { B(OAUTH_JSON), NULL, B("\001"), 0 } }, 0, OAUTH_JSON },
	{ "OAUTHBEARER: authzid escaped", AUTH_OAUTHBEARER, "a,b=c", "t",
	    NULL, 1, B("n,a=a=2Cb=3Dc,\001host=server.example.com\001"
	    "port=143\001auth=Bearer t\001\001"), NULL, NO_STEPS, 0, "" },
	{ "EXTERNAL: empty authzid", AUTH_EXTERNAL, "ignored", "", NULL,
	    1, B(""), "=", { STEP("", "") }, 0, "" },
	{ "EXTERNAL: unexpected challenge", AUTH_EXTERNAL, "", "", NULL,
	    1, B(""), "=", { FAIL("x", EX_PROTOCOL) }, -1, "" },
};

/* Decoded wire text into raw; "=" is the empty initial response. */
static int
unwire(const char *wire, struct buf *raw)
{
	gnutls_datum_t in, out = { NULL, 0 };
	int rc;

	buf_reset(raw);
	if (strcmp(wire, "=") == 0)
		return buf_add(raw, "", 0);
	in.data = (unsigned char *)(uintptr_t)wire;	/* read only */
	in.size = (unsigned int)strlen(wire);
	if (gnutls_base64_decode2(&in, &out) < 0)
		return -1;
	rc = buf_add(raw, out.data != NULL ? (const char *)out.data : "",
	    out.size);
	gnutls_free(out.data);
	return rc;
}

static int
wire(const struct bytes *b, struct buf *text)
{
	gnutls_datum_t in, out = { NULL, 0 };
	int rc;

	buf_reset(text);
	if (b->n == 0)
		return buf_add(text, "", 0);
	in.data = (unsigned char *)(uintptr_t)b->p;
	in.size = (unsigned int)b->n;
	if (gnutls_base64_encode2(&in, &out) < 0)
		return -1;
	rc = buf_add(text, out.data, out.size);
	gnutls_free(out.data);
	return rc;
}

static int
same(const struct buf *got, const struct bytes *want)
{
	return got->len == want->n && memcmp(got->data, want->p, want->n) == 0;
}

/* Runs the steps; returns 0 when every one went as the table says. */
static int
run_steps(const struct sasl_case *c, struct sasl *s, char *label,
    size_t labellen)
{
	struct buf ch = BUF_INIT, out = BUF_INIT, raw = BUF_INIT;
	const struct step *st;
	struct err e;
	size_t i;
	int rc, ok = 0;

	for (i = 0; i < 3 && c->steps[i].challenge.p != NULL; i++) {
		st = &c->steps[i];
		snprintf(label, labellen, "%s: step %zu", c->label, i + 1);
		if (st->wire == NULL)
			T_CHECK(label, wire(&st->challenge, &ch) == 0);
		err_clear(&e);
		rc = sasl_step(s, st->wire ? st->wire : ch.data, &out, &e);
		if (st->ex != 0) {
			T_CHECK(label, rc == -1 && e.ex == st->ex &&
			    e.msg[0] != '\0');
			ok = -1;
			break;
		}
		T_CHECK(label, rc == 0);
		T_CHECK(label, unwire(out.data ? out.data : "", &raw) == 0 &&
		    same(&raw, &st->want));
	}
	buf_free(&ch);
	buf_free(&out);
	buf_free(&raw);
	return ok;
}

static void
run_case(const struct sasl_case *c)
{
	struct buf out = BUF_INIT, raw = BUF_INIT;
	struct sasl *s;
	struct err e;
	char label[160];
	int has;

	err_clear(&e);
	if (sasl_new(&s, c->mech, c->user, c->secret, "server.example.com",
	    143, &e) == -1) {
		T_CHECK(c->label, 0);
		return;
	}
	if (c->nonce != NULL)
		T_CHECK(c->label, sasl_set_nonce(s, c->nonce) == 0);
	snprintf(label, sizeof(label), "%s: initial", c->label);
	T_CHECK(label, sasl_initial(s, &out, &has, &e) == 0 &&
	    has == c->has_initial);
	if (c->initial_wire != NULL)
		T_STREQ(label, out.data ? out.data : "", c->initial_wire);
	if (c->has_initial)
		T_CHECK(label, unwire(out.data, &raw) == 0 &&
		    same(&raw, &c->initial));
	if (run_steps(c, s, label, sizeof(label)) == 0 && c->done_ex >= 0) {
		snprintf(label, sizeof(label), "%s: done", c->label);
		err_clear(&e);
		T_CHECK(label, c->done_ex == 0 ? sasl_done(s, &e) == 0 :
		    sasl_done(s, &e) == -1 && e.ex == c->done_ex);
	}
	snprintf(label, sizeof(label), "%s: OAuth error", c->label);
	T_STREQ(label, sasl_oauth_error(s), c->oauth_error);
	sasl_free(s);
	buf_free(&out);
	buf_free(&raw);
}

static void
test_exchanges(void)
{
	size_t i;

	for (i = 0; i < sizeof(sasl_cases) / sizeof(sasl_cases[0]); i++)
		run_case(&sasl_cases[i]);
}

struct choose_case {
	const char	*label;
	enum auth_mech	 wanted;
	const char	*offered;
	enum auth_mech	 want;
	const char	*msg;		/* the error when want is AUTH_NONE */
};

static const struct choose_case choose_cases[] = {
	{ "auto: CRAM-MD5 over PLAIN and LOGIN", AUTH_AUTO,
	    "PLAIN LOGIN CRAM-MD5", AUTH_CRAM_MD5, NULL },
	{ "auto: PLAIN over LOGIN", AUTH_AUTO, "LOGIN PLAIN", AUTH_PLAIN,
	    NULL },
	{ "auto: SCRAM-SHA-256 first", AUTH_AUTO,
	    "SCRAM-SHA-1 SCRAM-SHA-256 PLAIN", AUTH_SCRAM_SHA_256, NULL },
	{ "auto: -PLUS is another mechanism", AUTH_AUTO,
	    "SCRAM-SHA-256-PLUS SCRAM-SHA-1", AUTH_SCRAM_SHA_1, NULL },
	{ "auto: LOGIN alone", AUTH_AUTO, "LOGIN", AUTH_LOGIN, NULL },
	{ "auto: lower case and odd spaces", AUTH_AUTO, "  gssapi\tplain  ",
	    AUTH_PLAIN, NULL },
	{ "auto: never OAuth or EXTERNAL", AUTH_AUTO,
	    "XOAUTH2 OAUTHBEARER EXTERNAL", AUTH_NONE,
	    "no common authentication mechanism (the server offers: XOAUTH2 "
	    "OAUTHBEARER EXTERNAL; auth = auto)" },
	{ "auto: nothing offered", AUTH_AUTO, "", AUTH_NONE,
	    "the server offers no AUTH (auth = auto)" },
	{ "auto: NULL offered", AUTH_AUTO, NULL, AUTH_NONE,
	    "the server offers no AUTH (auth = auto)" },
	{ "named: offered", AUTH_LOGIN, "PLAIN LOGIN CRAM-MD5", AUTH_LOGIN,
	    NULL },
	{ "named: missing", AUTH_CRAM_MD5, "PLAIN  LOGIN ", AUTH_NONE,
	    "no common authentication mechanism (the server offers: PLAIN "
	    "LOGIN; auth = cram-md5)" },
	{ "named: prefix is no match", AUTH_SCRAM_SHA_1, "SCRAM-SHA-1-PLUS",
	    AUTH_NONE, "no common authentication mechanism (the server "
	    "offers: SCRAM-SHA-1-PLUS; auth = scram-sha-1)" },
	{ "named: XOAUTH2", AUTH_XOAUTH2, "PLAIN XOAUTH2", AUTH_XOAUTH2, NULL },
	{ "named: OAUTHBEARER", AUTH_OAUTHBEARER, "OAUTHBEARER",
	    AUTH_OAUTHBEARER, NULL },
	{ "named: EXTERNAL", AUTH_EXTERNAL, "PLAIN EXTERNAL", AUTH_EXTERNAL,
	    NULL },
	{ "named: nothing offered", AUTH_PLAIN, "", AUTH_NONE,
	    "the server offers no AUTH (auth = plain)" },
	{ "named: control bytes shown safely", AUTH_PLAIN, "X\001Y", AUTH_NONE,
	    "no common authentication mechanism (the server offers: X?Y; "
	    "auth = plain)" },
};

static void
test_choose(void)
{
	const struct choose_case *c;
	struct err e;
	size_t i;

	for (i = 0; i < sizeof(choose_cases) / sizeof(choose_cases[0]); i++) {
		c = &choose_cases[i];
		err_clear(&e);
		T_CHECK(c->label, sasl_choose(c->wanted, c->offered, &e) ==
		    c->want);
		if (c->want != AUTH_NONE)
			continue;
		T_CHECK(c->label, e.ex == EX_NOPERM);
		T_STREQ(c->label, e.msg, c->msg);
	}
}

static void
test_names(void)
{
	T_STREQ("name PLAIN", sasl_mech_name(AUTH_PLAIN), "PLAIN");
	T_STREQ("name CRAM-MD5", sasl_mech_name(AUTH_CRAM_MD5), "CRAM-MD5");
	T_STREQ("name SCRAM-SHA-256", sasl_mech_name(AUTH_SCRAM_SHA_256),
	    "SCRAM-SHA-256");
	T_STREQ("name OAUTHBEARER", sasl_mech_name(AUTH_OAUTHBEARER),
	    "OAUTHBEARER");
	T_CHECK("name auto", sasl_mech_name(AUTH_AUTO) == NULL);
	T_CHECK("name none", sasl_mech_name(AUTH_NONE) == NULL);
}

/* Without sasl_set_nonce: 24 fresh base64 characters each time. */
static void
test_random_nonce(void)
{
	struct buf out = BUF_INIT, raw = BUF_INIT;
	char first[64] = "";
	struct sasl *s;
	struct err e;
	int i, has;

	for (i = 0; i < 2; i++) {
		T_CHECK("random nonce: new", sasl_new(&s, AUTH_SCRAM_SHA_256,
		    "user", "pw", NULL, 0, &e) == 0);
		T_CHECK("random nonce: initial",
		    sasl_initial(s, &out, &has, &e) == 0 && has == 1);
		T_CHECK("random nonce: format", unwire(out.data, &raw) == 0 &&
		    raw.len == 12 + 24 &&
		    strncmp(raw.data, "n,,n=user,r=", 12) == 0 &&
		    strchr(raw.data + 12, ',') == NULL);
		if (i == 0)
			snprintf(first, sizeof(first), "%s", raw.data);
		else
			T_CHECK("random nonce: differs",
			    strcmp(first, raw.data) != 0);
		sasl_free(s);
	}
	buf_free(&out);
	buf_free(&raw);
}

static void
test_bad_setup(void)
{
	struct sasl *s;
	struct err e;

	T_CHECK("new: auto is no mechanism",
	    sasl_new(&s, AUTH_AUTO, "u", "p", NULL, 0, &e) == -1 &&
	    e.ex == EX_SOFTWARE && s == NULL);
	T_CHECK("new: 0x01 in an XOAUTH2 token",
	    sasl_new(&s, AUTH_XOAUTH2, "u", "t\001x", NULL, 0, &e) == -1 &&
	    e.ex == EX_CONFIG);
	T_CHECK("new: 0x01 in an OAUTHBEARER user",
	    sasl_new(&s, AUTH_OAUTHBEARER, "u\001", "t", "h", 1, &e) == -1 &&
	    e.ex == EX_CONFIG);
	T_CHECK("new: NULL user and secret",
	    sasl_new(&s, AUTH_PLAIN, NULL, NULL, NULL, 0, &e) == 0);
	T_CHECK("nonce: not for PLAIN", sasl_set_nonce(s, "abc") == -1);
	sasl_free(s);
	T_CHECK("new: SCRAM", sasl_new(&s, AUTH_SCRAM_SHA_1, "u", "p", NULL,
	    0, &e) == 0);
	T_CHECK("nonce: empty", sasl_set_nonce(s, "") == -1);
	T_CHECK("nonce: comma", sasl_set_nonce(s, "a,b") == -1);
	T_CHECK("nonce: space", sasl_set_nonce(s, "a b") == -1);
	T_CHECK("nonce: printable", sasl_set_nonce(s, "a=b~") == 0);
	sasl_free(s);
	sasl_free(NULL);
}

int
main(void)
{
	test_exchanges();
	test_choose();
	test_names();
	test_random_nonce();
	test_bad_setup();
	return t_done();
}
