/*
 * --diagnose HOST: which port and TLS mode work for a smarthost. Tries
 * 587 with STARTTLS, 465 with implicit TLS and 25 plain and with
 * STARTTLS, side by side, each bounded by the timeout; prints what each
 * gave and an account block for the best that works (RFC 8314 order:
 * 465, then 587; never plaintext AUTH).
 */
#ifndef POSTIE_DIAGNOSE_H
#define POSTIE_DIAGNOSE_H

#include <stdio.h>

struct err;

struct diagnose_params {
	const char	*host;
	const char	*helo_name;
	const char	*ca_file;	/* NULL: the system trust store */
	int		 timeout;
	/*
	 * Ports for the submission (587), submissions (465) and smtp (25)
	 * probes; POSTIE_DIAGNOSE_PORTS="587,465,25" overrides them, for
	 * servers on unusual ports and for tests.
	 */
	int		 ports[3];
};

/* 0 when at least one way works, else -1 with EX_UNAVAILABLE. */
int	diagnose_run(const struct diagnose_params *, FILE *out, struct err *);

#endif
