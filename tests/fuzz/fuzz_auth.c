/*
 * Fuzz target: SASL mechanisms fed hostile server challenges. The first
 * byte picks the mechanism and whether the pieces go out as base64 of
 * the bytes (to reach the mechanism) or as wire text (to test decoding);
 * the rest is split at newlines into up to three challenges.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "auth.h"
#include "buf.h"
#include "err.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const enum auth_mech mechs[] = {
	AUTH_PLAIN, AUTH_LOGIN, AUTH_CRAM_MD5, AUTH_SCRAM_SHA_1,
	AUTH_SCRAM_SHA_256, AUTH_XOAUTH2, AUTH_OAUTHBEARER, AUTH_EXTERNAL
};

/* Iteration counts over 9999 are legal but slow: skip them. */
static int
slow(const char *p, size_t n)
{
	size_t i, d;

	for (i = 0; i + 1 < n; i++) {
		if (p[i] != 'i' || p[i + 1] != '=')
			continue;
		for (d = 0; i + 2 + d < n && p[i + 2 + d] >= '0' &&
		    p[i + 2 + d] <= '9'; d++)
			;
		if (d > 4)
			return 1;
	}
	return 0;
}

/* The challenge text for one piece, NUL-terminated in text. */
static int
challenge(const char *p, size_t n, int encode, struct buf *text)
{
	gnutls_datum_t in, out = { NULL, 0 };
	int rc;

	buf_reset(text);
	if (!encode || n == 0)
		return buf_add(text, p, n);
	in.data = (unsigned char *)(uintptr_t)p;
	in.size = (unsigned int)n;
	if (gnutls_base64_encode2(&in, &out) < 0)
		return -1;
	rc = buf_add(text, out.data, out.size);
	gnutls_free(out.data);
	return rc;
}

static void
exchange(enum auth_mech mech, int encode, const char *p, size_t n)
{
	struct buf text = BUF_INIT, out = BUF_INIT;
	const char *end = p + n, *nl;
	struct sasl *s;
	struct err e;
	int has, i;

	if (sasl_new(&s, mech, "us=er,", "pencil", "mx.example", 587,
	    &e) == -1)
		abort();
	if ((mech == AUTH_SCRAM_SHA_1 || mech == AUTH_SCRAM_SHA_256) &&
	    sasl_set_nonce(s, "fuzz") == -1)
		abort();
	if (sasl_initial(s, &out, &has, &e) == -1)
		abort();
	for (i = 0; i < 3; i++) {
		nl = i < 2 ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (nl == NULL)
			nl = end;
		if (challenge(p, (size_t)(nl - p), encode, &text) == -1 ||
		    sasl_step(s, text.data, &out, &e) == -1)
			break;
		if (out.data == NULL || out.len != strlen(out.data))
			abort();
		if (nl == end)
			break;
		p = nl + 1;
	}
	(void)sasl_done(s, &e);
	if (strlen(sasl_oauth_error(s)) > 1024)
		abort();
	sasl_free(s);
	buf_wipe(&out);
	buf_free(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;

	if (size < 1 || slow(p, size))
		return 0;
	exchange(mechs[(data[0] & 0x7f) % (sizeof(mechs) / sizeof(mechs[0]))],
	    (data[0] & 0x80) == 0, p + 1, size - 1);
	return 0;
}
