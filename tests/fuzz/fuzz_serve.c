/*
 * Fuzz target: the -bs server fed arbitrary client bytes. The account
 * points at a unix socket that does not exist, so a message that gets
 * through DATA fails to relay at once and is answered 451 (no queue, no
 * dead.letter): the target exercises parsing, state and replies without
 * waiting on the network.
 */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdline.h"
#include "conf.h"
#include "err.h"
#include "serve.h"
#include "user.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char name[] = "default", host[] = "unix:/nonexistent/postie",
	    empty[] = "", uname[] = "fuzz", home[] = "/nonexistent",
	    min_version[] = "1.2";
	struct account acct;
	struct config cf;
	struct user u;
	struct opts o;
	struct serve_ctx ctx;
	struct err e;
	int fds[2], out;

	/* The pipe must hold the whole input without a reader. */
	if (size > 60000 || pipe(fds) == -1)
		return 0;
	if (size > 0 && write(fds[1], data, size) != (ssize_t)size)
		abort();
	close(fds[1]);
	if ((out = open("/dev/null", O_WRONLY)) == -1)
		abort();
	memset(&acct, 0, sizeof(acct));
	acct.name = name;
	acct.host = host;
	acct.tls = TLS_NONE;
	acct.auth = AUTH_NONE;
	acct.tls_min_version = min_version;
	memset(&cf, 0, sizeof(cf));
	cf.timeout = 1;
	cf.dead_letter = empty;
	cf.default_account = name;
	cf.accounts = &acct;
	cf.naccounts = 1;
	u.name = uname;
	u.home = home;
	memset(&o, 0, sizeof(o));
	o.mode = MODE_SMTP;
	memset(&ctx, 0, sizeof(ctx));
	ctx.conf = &cf;
	ctx.user = &u;
	ctx.opts = &o;
	ctx.domain = "fuzz.test";
	ctx.idle_timeout = 1;
	err_clear(&e);
	(void)serve_session(&ctx, fds[0], out, &e);
	close(fds[0]);
	close(out);
	return 0;
}
