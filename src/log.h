/*
 * Logging: the transcript of the SMTP dialogue (-v on stderr, -X to a
 * file) with credentials masked, and the one line per message to syslog
 * and/or the logfile (SPEC §7).
 */
#ifndef POSTIE_LOG_H
#define POSTIE_LOG_H

#include <stdio.h>
#include <sys/types.h>

struct err;

struct trace {
	FILE	*verbose;	/* stderr with -v, else NULL */
	FILE	*file;		/* -X file, else NULL */
	int	 mask_next;	/* client lines after a 334 hold secrets */
};

int	trace_open(struct trace *, int verbose, const char *path, struct err *);
int	trace_active(const struct trace *);

/* A line the client sent ("--> ") or received ("<-- "), without CRLF. */
void	trace_client(struct trace *, const char *line, size_t len);
void	trace_server(struct trace *, const char *line, size_t len);

/* A free-form note (connected, TLS...), printed "--- " */
void	trace_note(struct trace *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));
void	trace_close(struct trace *);

struct log_record {
	const char	*host;		/* "host:port" */
	int		 tls;
	const char	*tls_version;	/* NULL when no TLS */
	int		 tls_unverified;	/* TLS with tls_verify = false */
	int		 auth;
	const char	*from;		/* "" the null sender, NULL not known */
	const char	*recipients;	/* "a@x,b@y" */
	off_t		 size;
	const char	*status;	/* "sent", "queued", "failed" */
	const char	*smtp;		/* final or failing server reply, or NULL */
	const char	*error;		/* postie's own reason when no reply */
	double		 elapsed;	/* seconds */
};

/*
 * Writes the line to syslog (facility mail, tag) when use_syslog and to
 * logfile when not NULL/empty. A logfile that cannot be written is
 * reported in *e (EX_IOERR) but the caller treats that as a warning.
 */
int	log_message(const struct log_record *, int use_syslog,
	    const char *tag, const char *logfile, struct err *);

#endif
