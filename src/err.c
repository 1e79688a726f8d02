/*
 * Error object helpers. Messages are truncated, never overflowed; a cut
 * message ends with "..." so the reader knows text is missing.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "err.h"

void
err_clear(struct err *e)
{
	e->ex = 0;
	e->msg[0] = '\0';
}

static void
mark_truncated(struct err *e, int n)
{
	if (n >= (int)sizeof(e->msg))
		memcpy(e->msg + sizeof(e->msg) - 4, "...", 4);
}

int
err_setv(struct err *e, int ex, const char *fmt, va_list ap)
{
	int n;

	e->ex = ex;
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	if (n < 0)
		e->msg[0] = '\0';
	mark_truncated(e, n);
	return -1;
}

int
err_set(struct err *e, int ex, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(e, ex, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_prefix(struct err *e, const char *fmt, ...)
{
	char old[sizeof(e->msg)], pre[sizeof(e->msg)];
	va_list ap;
	int n;

	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	n = snprintf(e->msg, sizeof(e->msg), "%s: %s", pre, old);
	mark_truncated(e, n);
	return -1;
}

int
err_nomem(struct err *e, const char *what)
{
	return err_set(e, EX_OSERR, "out of memory while %s", what);
}

int
errbuf_set(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf != NULL && len > 0) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}
