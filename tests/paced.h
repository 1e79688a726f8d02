/*
 * A scripted server for the SMTP engine, as a conn transport: every read
 * gets one line of the replies at most, so that no reply is there before
 * the engine has sent its command. What the engine writes goes to sent
 * (when not NULL). Shared by the unit tests and the fuzz target.
 */
#ifndef POSTIE_TESTS_PACED_H
#define POSTIE_TESTS_PACED_H

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct paced {
	const char	*replies;
	size_t		 len;
	size_t		 off;
	struct buf	*sent;
};

static ssize_t
paced_read(void *ctx, void *p, size_t n)
{
	struct paced *pc = ctx;
	const char *at = pc->replies + pc->off, *nl;
	size_t k;

	nl = memchr(at, '\n', pc->len - pc->off);
	k = nl != NULL ? (size_t)(nl - at) + 1 : pc->len - pc->off;
	if (k > n)
		k = n;
	memcpy(p, at, k);
	pc->off += k;
	return (ssize_t)k;	/* 0 at the end: the server closed */
}

static ssize_t
paced_write(void *ctx, const void *p, size_t n)
{
	struct paced *pc = ctx;

	if (pc->sent != NULL && buf_add(pc->sent, p, n) == -1)
		abort();
	return (ssize_t)n;
}

#endif
