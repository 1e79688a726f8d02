/*
 * Fuzz target: the SMTP client engine fed arbitrary server bytes. The
 * bytes are written into one end of a socketpair whose writing side is
 * then shut, so the engine meets EOF instead of waiting for a deadline;
 * it must end with a result and an exit code, never crash or hang.
 * Unless the first byte has bit 0x04 set (a "2" has not), a transport
 * hands the bytes out one line per read instead, as a server answering
 * each command in turn would, so that sessions get past the check for
 * replies nobody asked for.
 */
#include "config.h"

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "err.h"
#include "smtp.h"
#include "spool.h"
#include "../paced.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct spool *
message(void)
{
	static const char msg[] = "Subject: x\n\n.dot\nbody \xc3\xa9\n";
	struct spool *sp = NULL;
	struct err e;
	int fds[2];

	if (pipe(fds) == -1)
		return NULL;
	if (write(fds[1], msg, sizeof(msg) - 1) != (ssize_t)sizeof(msg) - 1)
		abort();
	close(fds[1]);
	if (spool_read(&sp, fds[0], 1, &e) == -1)
		sp = NULL;
	close(fds[0]);
	return sp;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_params p = { "fuzz.test", 0, 1, NULL };
	struct paced pc = { (const char *)data, size, 0, NULL };
	struct transport tr = { paced_read, paced_write, NULL, NULL, NULL,
	    &pc };
	int paced = size == 0 || !(data[0] & 4);
	struct rcpt rcpts[2];
	struct envelope env;
	struct smtp *s = NULL;
	struct conn *c;
	struct spool *sp;
	struct err e;
	char sink[4096];
	int fds[2];

	/* The socket buffer must hold the whole input without a reader. */
	if (size > 65536 || (sp = message()) == NULL)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == -1)
		abort();
	if (!paced && size > 0 && write(fds[1], data, size) != (ssize_t)size)
		abort();
	shutdown(fds[1], SHUT_WR);
	memset(&env, 0, sizeof(env));
	memset(rcpts, 0, sizeof(rcpts));
	rcpts[0].addr = strdup("a@example.org");
	rcpts[1].addr = strdup("b@example.org");
	env.sender = strdup("s@example.org");
	env.rcpts = rcpts;
	env.nrcpts = 2;
	err_clear(&e);
	if (conn_from_fd(&c, fds[0], "fuzz:25", 1, &e) == 0) {
		p.lmtp = size > 0 && (data[0] & 1);
		if (paced)
			conn_set_transport(c, &tr);
		if (smtp_open(&s, c, &p, &e) == 0)
			(void)smtp_send(s, &env, sp, 1, &e);
		if (s != NULL)
			smtp_close(s);
	} else
		close(fds[0]);
	while (read(fds[1], sink, sizeof(sink)) > 0)
		;
	close(fds[1]);
	free(rcpts[0].addr);
	free(rcpts[1].addr);
	free(env.sender);
	spool_free(sp);
	return 0;
}
