/*
 * postie: read one message, pick the account, send it through the
 * account's smarthost, say what happened. This file is the story; each
 * step lives in its own module. It is the only place that prints
 * "postie: ..." and decides the exit status.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "cmdline.h"
#include "conf.h"
#include "deliver.h"
#include "diagnose.h"
#include "envelope.h"
#include "err.h"
#include "log.h"
#include "priv.h"
#include "queue.h"
#include "runq.h"
#include "serve.h"
#include "serverinfo.h"
#include "show.h"
#include "smtp.h"
#include "spool.h"
#include "submit.h"
#include "user.h"

struct run {
	struct opts		 opts;
	struct user		 user;
	struct config		 conf;
	const struct account	*acct;
	char			*conf_path;
	char			*domain;
	struct spool		*spool;
	struct envelope		 env;
	struct trace		 trace;
};

/*
 * Descriptors 0-2 may come closed (sudo, daemons): open /dev/null there
 * so that no socket or file we open later takes their place and receives
 * what was meant for stderr.
 */
static int
guard_stdio(struct err *e)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDWR) != fd)
			return err_set(e, EX_OSERR, "cannot open /dev/null");
	}
	return 0;
}

/* Modes that need no configuration. Returns an exit status, or -1. */
static int
simple_mode(const struct opts *o)
{
	switch (o->mode) {
	case MODE_VERSION:
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return EX_OK;
	case MODE_HELP:
		fputs(cmdline_usage(), stdout);
		return EX_OK;
	case MODE_ALIASES:	/* newaliases: the aliases file is read as is */
		return EX_OK;
	default:
		return -1;
	}
}

/* Modes of the SPEC that this version does not do yet; -odq's needs. */
static int
check_supported(const struct run *r, struct err *e)
{
	if (r->opts.queue_only && (r->conf.queue_dir == NULL ||
	    *r->conf.queue_dir == '\0'))
		return err_set(e, EX_CONFIG, "cannot queue (-odq): "
		    "queue_dir is not set");
	return 0;
}

static int
is_queue_mode(enum mode m)
{
	return m == MODE_LIST_QUEUE || m == MODE_FLUSH || m == MODE_QUEUE_RUN;
}

/*
 * mailq, -q, --queue-run. Without a queue there is nothing queued: an
 * empty listing and nothing to run, at once.
 */
static int
queue_mode(struct run *r, struct err *e)
{
	struct runq_params p;
	struct runq_stats st;
	int rc;

	if (r->conf.queue_dir == NULL || *r->conf.queue_dir == '\0') {
		if (r->opts.mode == MODE_LIST_QUEUE)
			printf("Mail queue is empty\n");
		return 0;
	}
	if (r->opts.mode == MODE_LIST_QUEUE)
		return queue_print(r->conf.queue_dir, stdout, time(NULL), e);
	memset(&p, 0, sizeof(p));
	p.all = r->opts.mode == MODE_FLUSH;
	p.helo_name = r->domain;
	p.home = r->user.home;
	p.tag = r->opts.syslog_tag ? r->opts.syslog_tag : "postie";
	if (trace_open(&r->trace, r->opts.verbose, r->opts.transcript_file,
	    e) == -1)
		return -1;
	rc = runq_run(&r->conf, &p, &r->trace, &st, e);
	trace_close(&r->trace);
	if (rc == 0 && r->opts.verbose)
		fprintf(stderr, "postie: queue run: %d sent, %d deferred, "
		    "%d failed\n", st.sent, st.deferred, st.failed);
	return rc;
}

/*
 * A configuration or a server the caller chose gets none of the
 * set-group-ID group's rights: not the system configuration's secrets
 * by include() or by --host, nor group-only files as aliases.
 */
static int
guard_privileges(const struct run *r, struct err *e)
{
	if (priv_caller_chooses(r->conf_path, r->opts.host, r->opts.port,
	    r->opts.mode == MODE_DIAGNOSE))
		return priv_drop(e);
	return 0;
}

static int
load_config(struct run *r, struct err *e)
{
	if (user_lookup(&r->user, e) == -1 ||
	    conf_find(r->opts.config_file, r->user.home, &r->conf_path, e) == -1 ||
	    guard_privileges(r, e) == -1 ||
	    conf_load(&r->conf, r->conf_path, e) == -1)
		return -1;
	/* "~/" in queue_dir means the real user's home, as in dead_letter. */
	if (r->conf.queue_dir != NULL && *r->conf.queue_dir != '\0') {
		char *dir = user_expand(&r->user, r->conf.queue_dir);

		if (dir == NULL)
			return err_nomem(e, "reading the configuration");
		free(r->conf.queue_dir);
		r->conf.queue_dir = dir;
	}
	if ((r->domain = envelope_domain(r->conf.domain, e)) == NULL)
		return -1;
	if ((r->acct = account_select(&r->conf, r->opts.account,
	    r->opts.sender, r->domain, e)) == NULL)
		return -1;
	return 0;
}

/* -bv and --pretend read the message only when -t needs its headers. */
static int
read_message(struct run *r, struct err *e)
{
	int fd = STDIN_FILENO, rc;

	if ((r->opts.mode == MODE_VERIFY || r->opts.pretend) &&
	    !r->opts.read_recipients &&
	    (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(e, EX_OSERR, "cannot open /dev/null");
	rc = spool_read(&r->spool, fd, r->opts.dot_ends_input, e);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static void
fill_route(const struct run *r, struct route *rt)
{
	rt->host = r->opts.host ? r->opts.host : r->acct->host;
	rt->port = r->opts.port ? r->opts.port : r->acct->port;
	rt->helo_name = r->domain;
	rt->home = r->user.home;
	rt->timeout = r->conf.timeout;
}

static void
warn(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

static void
warn(const char *fmt, ...)
{
	va_list ap;

	fputs("postie: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int
show_server(struct run *r, struct err *e)
{
	struct route rt;
	int rc;

	fill_route(r, &rt);
	if (trace_open(&r->trace, r->opts.verbose, r->opts.transcript_file,
	    e) == -1)
		return -1;
	rc = serverinfo_print(r->acct, &rt, &r->trace, stdout, e);
	trace_close(&r->trace);
	return rc;
}

/* Each note of the submission on its own "postie: " line. */
static void
warn_notes(const struct buf *notes)
{
	const char *p, *nl;

	for (p = notes->data; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		warn("%.*s", (int)(nl - p), p);
	}
}

/* "587,465,25" into ports[3]; 0, or -1 when it is not three ports. */
static int
diagnose_ports(const char *list, int ports[3])
{
	char one[16], why[128];
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = strcspn(list, ",");
		if (n == 0 || n >= sizeof(one) || (list[n] == ',') != (i < 2))
			return -1;
		memcpy(one, list, n);
		one[n] = '\0';
		if (conf_parse_port(one, &ports[i], why, sizeof(why)) == -1)
			return -1;
		list += n + (i < 2);
	}
	return 0;
}

/*
 * --diagnose HOST: which ports and TLS modes work. A configuration is
 * used when there is one (timeout, domain, tls_ca_file), but none is
 * needed: this is what one runs before writing it.
 */
static int
diagnose_mode(struct run *r, struct err *e)
{
	struct diagnose_params p;
	const struct account *a = NULL;
	const char *env = getenv("POSTIE_DIAGNOSE_PORTS");
	struct err ignored;

	memset(&p, 0, sizeof(p));
	p.timeout = 10;
	if (user_lookup(&r->user, e) == -1 || guard_privileges(r, e) == -1)
		return -1;
	if (conf_find(r->opts.config_file, r->user.home, &r->conf_path,
	    &ignored) == 0) {
		if (conf_load(&r->conf, r->conf_path, e) == -1)
			return -1;
		p.timeout = r->conf.timeout;
		if ((a = conf_account(&r->conf, r->opts.account ?
		    r->opts.account : r->conf.default_account)) != NULL)
			p.ca_file = a->tls_ca_file;
	}
	if ((r->domain = envelope_domain(r->conf.domain, e)) == NULL)
		return -1;
	p.host = r->opts.diagnose_host;
	p.helo_name = r->domain;
	p.ports[0] = 587;
	p.ports[1] = 465;
	p.ports[2] = 25;
	if (env != NULL && diagnose_ports(env, p.ports) == -1)
		return err_set(e, EX_USAGE, "POSTIE_DIAGNOSE_PORTS must be "
		    "three ports: SUBMISSION,SUBMISSIONS,SMTP");
	return diagnose_run(&p, stdout, e);
}

/* -bs: an SMTP session on stdin and stdout. */
static int
smtp_mode(struct run *r, struct err *e)
{
	struct serve_ctx ctx;
	int rc;

	if (trace_open(&r->trace, r->opts.verbose, r->opts.transcript_file,
	    e) == -1)
		return -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.conf = &r->conf;
	ctx.user = &r->user;
	ctx.opts = &r->opts;
	ctx.domain = r->domain;
	ctx.trace = &r->trace;
	ctx.idle_timeout = 300;		/* RFC 5321 §4.5.3.2.7 */
	rc = serve_session(&ctx, STDIN_FILENO, STDOUT_FILENO, e);
	trace_close(&r->trace);
	return rc;
}

static int
send_message(struct run *r, struct err *e)
{
	struct submit_ctx ctx;
	struct submit_result res;
	int rc;

	if (trace_open(&r->trace, r->opts.verbose, r->opts.transcript_file,
	    e) == -1)
		return -1;
	ctx.conf = &r->conf;
	ctx.acct = r->acct;
	ctx.user = &r->user;
	ctx.opts = &r->opts;
	ctx.domain = r->domain;
	ctx.trace = &r->trace;
	rc = submit_message(&ctx, &r->env, r->spool, &res, e);
	trace_close(&r->trace);
	warn_notes(&res.notes);
	submit_result_free(&res);
	return rc;
}

/* Sendmail's flags that change nothing here: said with -v only. */
static void
tell_ignored(const struct opts *o)
{
	size_t i;

	for (i = 0; o->verbose && i < o->nignored; i++)
		fprintf(stderr, "postie: ignored: %s%s%s\n", o->ignored[i].flag,
		    o->ignored[i].value != NULL ? " " : "",
		    o->ignored[i].value != NULL ? o->ignored[i].value : "");
}

/*
 * A message that failed before it could be sent (its input unreadable,
 * a header -t cannot use) gets its log line too (SPEC §7); one that got
 * as far as submit_message had it there.
 */
static void
log_unsent(const struct run *r, const struct err *why)
{
	struct delivery d;
	struct err ignored;
	off_t size = r->spool != NULL ? spool_size(r->spool) : 0;

	memset(&d, 0, sizeof(d));
	snprintf(d.peer, sizeof(d.peer), "-");
	(void)deliver_log(&r->conf, r->opts.syslog_tag ? r->opts.syslog_tag :
	    "postie", &d, &r->env, size > 0 ? size : 0, "failed", why->msg, 0,
	    &ignored);
}

/*
 * The caller's input is read to its end whatever happened, as when the
 * whole message was read first: a writer must not die of SIGPIPE
 * because postie stopped reading a large message early.
 */
static void
finish_input(struct run *r)
{
	struct err ignored;

	if (r->spool != NULL)
		(void)spool_drain(r->spool, &ignored);
}

static void
run_free(struct run *r)
{
	envelope_free(&r->env);
	spool_free(r->spool);
	conf_free(&r->conf);
	user_free(&r->user);
	free(r->conf_path);
	free(r->domain);
}

int
main(int argc, char **argv)
{
	struct route rt;	/* where -bv and --pretend say it would go */
	struct run r;
	struct err e;
	int ex;

	memset(&r, 0, sizeof(r));
	err_clear(&e);
	signal(SIGPIPE, SIG_IGN);
	if (guard_stdio(&e) == -1 ||
	    cmdline_parse(&r.opts, argc, argv, &e) == -1)
		goto fail;
	if ((ex = simple_mode(&r.opts)) != -1)
		return ex;
	tell_ignored(&r.opts);

	if (r.opts.mode == MODE_DIAGNOSE) {
		if (diagnose_mode(&r, &e) == -1)
			goto fail;
		goto done;
	}
	if (load_config(&r, &e) == -1) {
		/*
		 * mailq and -q with no configuration anywhere: no queue, so
		 * an empty one, as with sendmail on a machine sending nothing.
		 */
		if (is_queue_mode(r.opts.mode) && r.conf_path == NULL &&
		    r.opts.config_file == NULL && getenv("POSTIE_CONFIG") == NULL) {
			memset(&r.conf, 0, sizeof(r.conf));
			if (queue_mode(&r, &e) == -1)
				goto fail;
			goto done;
		}
		goto fail;
	}
	if (check_supported(&r, &e) == -1)
		goto fail;
	if (is_queue_mode(r.opts.mode)) {
		if (queue_mode(&r, &e) == -1)
			goto fail;
		goto done;
	}
	if (r.opts.mode == MODE_SMTP) {
		if (smtp_mode(&r, &e) == -1)
			goto fail;
		goto done;
	}
	if (r.opts.mode == MODE_SERVERINFO) {
		if (show_server(&r, &e) == -1)
			goto fail;
		goto done;
	}
	fill_route(&r, &rt);
	if (r.opts.pretend)
		show_config(stdout, &r.conf, r.acct, &rt);
	if (read_message(&r, &e) == -1 ||
	    envelope_build(&r.env, &r.opts, r.acct, &r.user, r.conf.aliases,
	    r.domain, r.spool, &e) == -1) {
		if (r.opts.mode != MODE_VERIFY && !r.opts.pretend)
			log_unsent(&r, &e);
		goto fail;
	}
	if (r.opts.mode == MODE_VERIFY || r.opts.pretend) {
		show_envelope(stdout, r.acct, &rt, &r.env);
		goto done;
	}
	if (send_message(&r, &e) == -1)
		goto fail;
done:
	finish_input(&r);
	run_free(&r);
	return EX_OK;
fail:
	finish_input(&r);
	if (e.msg[0] != '\0')
		warn("%s", e.msg);
	run_free(&r);
	return e.ex != 0 ? e.ex : EX_SOFTWARE;
}
