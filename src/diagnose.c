/*
 * --diagnose. Each probe runs in its own child process, so that four
 * probes that each may wait up to the timeout take the time of one; a
 * child sends its findings back as one fixed-size record over a pipe.
 * The probes use the very modules a delivery uses (conn, smtp, tls):
 * what --diagnose says works is what postie will do.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "conn.h"
#include "diagnose.h"
#include "err.h"
#include "reply.h"
#include "smtp.h"
#include "tls.h"

enum probe_state { PROBE_OK, PROBE_REFUSED, PROBE_TIMEOUT, PROBE_FAILED };

struct probe {
	int		 port;
	enum tls_mode	 tls;
	enum probe_state state;
	char		 error[512];	/* sizes of the sources: never cut */
	char		 greeting[REPLY_TEXT_MAX];
	char		 tls_version[16];
	int		 cert_ok;
	char		 cert[400];
	char		 auth[256];
	unsigned long	 size;
	long		 rtt_ms;
};

static long
ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
}

static int
probe_tls(const struct diagnose_params *dp, struct probe *pr, struct conn *c,
    struct err *e)
{
	struct tls_policy p;
	struct tls *t = NULL;

	memset(&p, 0, sizeof(p));
	p.host = dp->host;
	p.verify = 1;
	p.enforce = 0;		/* a bad certificate is a finding, go on */
	p.ca_file = dp->ca_file;
	p.min_version = "1.2";
	if (tls_start(&t, c, &p, NULL, e) == -1) {
		tls_free(t);
		return -1;
	}
	snprintf(pr->tls_version, sizeof(pr->tls_version), "%s",
	    tls_version(t));
	pr->cert_ok = tls_verdict(t, pr->cert, sizeof(pr->cert));
	return 0;
}

static void
probe_failed(struct probe *pr, const struct err *e)
{
	pr->state = strstr(e->msg, "refused") ? PROBE_REFUSED :
	    strstr(e->msg, "timed out") ? PROBE_TIMEOUT : PROBE_FAILED;
	snprintf(pr->error, sizeof(pr->error), "%s", e->msg);
}

/* One probe, start to end; the findings are in *pr. */
static void
probe_run(const struct diagnose_params *dp, struct probe *pr)
{
	struct smtp_params sp;
	struct timespec t0;
	struct smtp *s = NULL;
	struct conn *c;
	struct err e;

	err_clear(&e);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (conn_open(&c, dp->host, pr->port, NULL, dp->timeout, &e) == -1) {
		probe_failed(pr, &e);
		return;
	}
	pr->rtt_ms = ms_since(&t0);
	if (pr->tls == TLS_IMPLICIT && probe_tls(dp, pr, c, &e) == -1) {
		conn_close(c);
		probe_failed(pr, &e);
		return;
	}
	memset(&sp, 0, sizeof(sp));
	sp.helo_name = dp->helo_name;
	sp.timeout = dp->timeout;
	if (smtp_open(&s, c, &sp, &e) == 0 && (pr->tls != TLS_STARTTLS ||
	    (smtp_starttls(s, &e) == 0 &&
	    probe_tls(dp, pr, smtp_conn(s), &e) == 0 &&
	    smtp_hello(s, &e) == 0))) {
		pr->state = PROBE_OK;
		snprintf(pr->auth, sizeof(pr->auth), "%s", smtp_caps(s)->auth);
		pr->size = smtp_caps(s)->size;
	} else
		probe_failed(pr, &e);
	if (s != NULL) {
		snprintf(pr->greeting, sizeof(pr->greeting), "%s",
		    smtp_greeting(s));
		smtp_close(s);
	}
}

/* Starts one probe in a child; its record comes back on *fd. */
static pid_t
probe_start(const struct diagnose_params *dp, const struct probe *pr, int *fd)
{
	struct probe mine = *pr;
	int fds[2];
	pid_t pid;

	if (pipe(fds) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		probe_run(dp, &mine);
		_exit(write(fds[1], &mine, sizeof(mine)) == sizeof(mine) ? 0 : 1);
	}
	close(fds[1]);
	*fd = fds[0];
	return pid;
}

/* Collects a child's record by the deadline, or marks it timed out. */
static void
probe_collect(struct probe *pr, pid_t pid, int fd,
    const struct timespec *t0, long budget_ms)
{
	struct pollfd pfd;
	struct probe got;
	long left = budget_ms - ms_since(t0);

	pfd.fd = fd;
	pfd.events = POLLIN;
	if (pid != -1 && poll(&pfd, 1, left > 0 ? (int)left : 0) == 1 &&
	    read(fd, &got, sizeof(got)) == sizeof(got))
		*pr = got;
	else {
		pr->state = PROBE_TIMEOUT;
		snprintf(pr->error, sizeof(pr->error), "no answer in time");
	}
	if (pid != -1) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	if (fd != -1)
		close(fd);
}

static const char *
mode_name(enum tls_mode m)
{
	return m == TLS_IMPLICIT ? "TLS" : m == TLS_STARTTLS ? "STARTTLS" :
	    "plain";
}

static void
print_probe(FILE *fp, const struct probe *pr)
{
	static const char *const states[] = {
		[PROBE_OK] = "works", [PROBE_REFUSED] = "refused",
		[PROBE_TIMEOUT] = "timed out (filtered?)",
		[PROBE_FAILED] = "failed",
	};

	fprintf(fp, "port %d, %s: %s", pr->port, mode_name(pr->tls),
	    states[pr->state]);
	if (pr->state == PROBE_OK || pr->rtt_ms > 0)
		fprintf(fp, " (connect %ld ms)", pr->rtt_ms);
	fprintf(fp, "\n");
	if (*pr->greeting)
		fprintf(fp, "    greeting:    %s\n", pr->greeting);
	if (*pr->tls_version)
		fprintf(fp, "    TLS:         %s, certificate %s\n",
		    pr->tls_version, pr->cert);
	if (pr->state == PROBE_OK) {
		fprintf(fp, "    AUTH:        %s\n", *pr->auth ? pr->auth :
		    "(none offered)");
		if (pr->size > 0)
			fprintf(fp, "    SIZE:        %lu\n", pr->size);
		else
			fprintf(fp, "    SIZE:        (no limit given)\n");
	} else if (*pr->error)
		fprintf(fp, "    why:         %s\n", pr->error);
}

/*
 * The best that works: 465 (TLS), then 587 (STARTTLS), then 25 with
 * STARTTLS, each with a verified certificate first; plain 25 last, and
 * only for mail without AUTH.
 */
static const struct probe *
best_probe(const struct probe pr[4])
{
	static const int order[] = { 1, 0, 3 };
	size_t i;
	int verified;

	for (verified = 1; verified >= 0; verified--)
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
			if (pr[order[i]].state == PROBE_OK &&
			    pr[order[i]].cert_ok >= verified)
				return &pr[order[i]];
	return pr[2].state == PROBE_OK ? &pr[2] : NULL;
}

static void
print_account(FILE *fp, const struct diagnose_params *dp,
    const struct probe *b)
{
	fprintf(fp, "\n# The best choice, for postie.conf:\naccount default {\n"
	    "  host = \"%s\"\n  port = %d\n  tls  = %s\n", dp->host, b->port,
	    b->tls == TLS_IMPLICIT ? "tls" : b->tls == TLS_STARTTLS ?
	    "starttls" : "none");
	if (b->tls != TLS_NONE && !b->cert_ok)
		fprintf(fp, "  # the certificate did not verify (%s):\n"
		    "  # pin it with tls_fingerprint, or fix the trust store\n",
		    b->cert);
	if (b->tls != TLS_NONE && *b->auth)
		fprintf(fp, "  user = \"you@example.com\"\n"
		    "  password_command = \"pass show mail\"\n");
	else if (b->tls == TLS_NONE)
		fprintf(fp, "  # no TLS here: no user/password (postie will not "
		    "send them in plaintext)\n");
	fprintf(fp, "}\n");
}

int
diagnose_run(const struct diagnose_params *dp, FILE *fp, struct err *e)
{
	struct probe pr[4];
	const struct probe *b;
	struct timespec t0;
	pid_t pid[4];
	int fd[4];
	size_t i;

	memset(pr, 0, sizeof(pr));
	pr[0].port = dp->ports[0];
	pr[0].tls = TLS_STARTTLS;
	pr[1].port = dp->ports[1];
	pr[1].tls = TLS_IMPLICIT;
	pr[2].port = dp->ports[2];
	pr[2].tls = TLS_NONE;
	pr[3].port = dp->ports[2];
	pr[3].tls = TLS_STARTTLS;
	fflush(fp);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 4; i++) {
		fd[i] = -1;
		pid[i] = probe_start(dp, &pr[i], &fd[i]);
	}
	/* Every step of a probe has the timeout; five steps at the most. */
	for (i = 0; i < 4; i++)
		probe_collect(&pr[i], pid[i], fd[i], &t0,
		    5L * dp->timeout * 1000 + 1000);
	fprintf(fp, "%s:\n", dp->host);
	for (i = 0; i < 4; i++)
		print_probe(fp, &pr[i]);
	if ((b = best_probe(pr)) == NULL)
		return err_set(e, EX_UNAVAILABLE, "%s: no port works for mail "
		    "submission", dp->host);
	print_account(fp, dp, b);
	return 0;
}
