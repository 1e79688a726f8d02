/*
 * The transcript (-v, -X) and the one log line per message. Secrets
 * never reach either: an AUTH command keeps only its mechanism name, and
 * every client line answering a 334 challenge is replaced by "***".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "log.h"

int
trace_open(struct trace *t, int verbose, const char *path, struct err *e)
{
	int fd;

	memset(t, 0, sizeof(*t));
	if (verbose)
		t->verbose = stderr;
	if (path == NULL)
		return 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || (t->file = fdopen(fd, "a")) == NULL) {
		if (fd != -1)
			close(fd);
		return err_set(e, EX_CANTCREAT, "cannot open %s: %s", path,
		    strerror(errno));
	}
	return 0;
}

int
trace_active(const struct trace *t)
{
	return t != NULL && (t->verbose != NULL || t->file != NULL);
}

static void
trace_put(struct trace *t, const char *prefix, const char *line, size_t len)
{
	if (t->verbose != NULL)
		fprintf(t->verbose, "%s%.*s\n", prefix, (int)len, line);
	if (t->file != NULL)
		fprintf(t->file, "%s%.*s\n", prefix, (int)len, line);
}

void
trace_client(struct trace *t, const char *line, size_t len)
{
	size_t mech;

	if (!trace_active(t))
		return;
	if (t->mask_next) {
		trace_put(t, "--> ", "***", 3);
		return;
	}
	if (len >= 5 && strncasecmp(line, "AUTH ", 5) == 0) {
		for (mech = 5; mech < len && line[mech] != ' '; mech++)
			;
		if (mech < len) {
			if (t->verbose != NULL)
				fprintf(t->verbose, "--> %.*s ***\n", (int)mech,
				    line);
			if (t->file != NULL)
				fprintf(t->file, "--> %.*s ***\n", (int)mech,
				    line);
			return;
		}
	}
	trace_put(t, "--> ", line, len);
}

void
trace_server(struct trace *t, const char *line, size_t len)
{
	if (t == NULL)
		return;
	/* What the client says after a challenge is a credential. */
	t->mask_next = len >= 3 && strncmp(line, "334", 3) == 0;
	if (trace_active(t))
		trace_put(t, "<-- ", line, len);
}

void
trace_note(struct trace *t, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	if (!trace_active(t))
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	trace_put(t, "--- ", line, strlen(line));
}

void
trace_close(struct trace *t)
{
	if (t->file != NULL)
		fclose(t->file);
	t->file = NULL;
	t->verbose = NULL;
}

/* Adds key="value" with quotes and backslashes escaped, controls dropped. */
static int
add_quoted(struct buf *b, const char *key, const char *v)
{
	if (buf_printf(b, " %s=\"", key) == -1)
		return -1;
	for (; *v != '\0'; v++) {
		if ((*v == '"' || *v == '\\') && buf_addch(b, '\\') == -1)
			return -1;
		if ((unsigned char)*v >= 0x20 && buf_addch(b, *v) == -1)
			return -1;
	}
	return buf_addch(b, '"');
}

static int
format_record(struct buf *b, const struct log_record *r)
{
	if (buf_printf(b, "host=%s tls=%s", r->host ? r->host : "-",
	    r->tls ? "on" : "off") == -1)
		return -1;
	if (r->tls && r->tls_version != NULL &&
	    buf_printf(b, " tls_version=%s", r->tls_version) == -1)
		return -1;
	if (r->tls && r->tls_unverified &&
	    buf_addstr(b, " tls_verify=off") == -1)
		return -1;
	if (buf_printf(b, " auth=%s from=%s recipients=%s size=%lld status=%s",
	    r->auth ? "on" : "off", r->from == NULL ? "-" :
	    *r->from != '\0' ? r->from : "<>",
	    r->recipients ? r->recipients : "", (long long)r->size,
	    r->status) == -1)
		return -1;
	if (r->smtp != NULL && *r->smtp != '\0' &&
	    add_quoted(b, "smtp", r->smtp) == -1)
		return -1;
	if (r->error != NULL && *r->error != '\0' &&
	    add_quoted(b, "error", r->error) == -1)
		return -1;
	return buf_printf(b, " elapsed=%.3fs", r->elapsed);
}

static int
append_logfile(const char *path, const char *tag, const char *line,
    struct err *e)
{
	struct buf b = BUF_INIT;
	char stamp[64];
	struct tm tm;
	time_t now = time(NULL);
	int fd, rc = 0;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		stamp[0] = '\0';
	if (buf_printf(&b, "%s %s[%ld]: %s\n", stamp, tag, (long)getpid(),
	    line) == -1)
		return err_nomem(e, "logging");
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	/* One write with O_APPEND keeps lines of parallel runs whole. */
	if (fd == -1 || write(fd, b.data, b.len) != (ssize_t)b.len)
		rc = err_set(e, EX_IOERR, "cannot write the log file %s: %s",
		    path, strerror(errno));
	if (fd != -1)
		close(fd);
	buf_free(&b);
	return rc;
}

int
log_message(const struct log_record *r, int use_syslog, const char *tag,
    const char *logfile, struct err *e)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!use_syslog && (logfile == NULL || *logfile == '\0'))
		return 0;
	if (format_record(&b, r) == -1) {
		buf_free(&b);
		return err_nomem(e, "logging");
	}
	if (use_syslog) {
		openlog(tag, LOG_PID, LOG_MAIL);
		syslog(strcmp(r->status, "failed") == 0 ? LOG_ERR : LOG_INFO,
		    "%s", b.data);
		closelog();
	}
	if (logfile != NULL && *logfile != '\0')
		rc = append_logfile(logfile, tag, b.data, e);
	buf_free(&b);
	return rc;
}
