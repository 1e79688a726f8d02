/*
 * Fuzz target for the configuration value parsers: the input, made a C
 * string, goes through every conf_parse_* function. They must never
 * crash, read out of bounds or leave errbuf unterminated.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_errbuf(int r, const char *errbuf, size_t size)
{
	if (r == -1 && memchr(errbuf, '\0', size) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char fp[32];
	char *s, errbuf[256];
	enum tls_mode tls;
	enum auth_mech auth;
	enum protocol proto;
	long seconds;
	int port, r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_duration(s, &seconds, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	if (r == 0 && seconds < 0)
		abort();
	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_port(s, &port, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	if (r == 0 && (port < 1 || port > 65535))
		abort();
	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_tls(s, &tls, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_auth(s, &auth, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_protocol(s, &proto, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	memset(errbuf, 'x', sizeof(errbuf));
	r = conf_parse_fingerprint(s, fp, errbuf, sizeof(errbuf));
	check_errbuf(r, errbuf, sizeof(errbuf));
	/* A tiny buffer must be cut, not overrun. */
	r = conf_parse_fingerprint(s, fp, errbuf, 1);
	check_errbuf(r, errbuf, 1);
	free(s);
	return 0;
}
