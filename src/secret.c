/*
 * Secrets. password_command runs with /bin/sh -c under the account's
 * timeout, its output read through poll() so a helper that hangs cannot
 * hang postie; its stderr goes to ours, so its own message reaches the
 * user. Buffers that held the secret are wiped before they are freed.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "err.h"
#include "secret.h"

#define SECRET_OUTPUT_MAX	8192	/* a token fits; anything more is junk */

int
secret_may_send(int encrypted, int local)
{
	return encrypted || local;
}

static pid_t
spawn(const char *command, int *outfd, struct err *e)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		err_set(e, EX_OSERR, "pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		err_set(e, EX_OSERR, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* Our stdin is the message, or with -bs the SMTP session. */
		if (null == -1 || dup2(null, STDIN_FILENO) == -1 ||
		    dup2(fds[1], STDOUT_FILENO) == -1)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	*outfd = fds[0];
	return pid;
}

/* Reads the command's output until EOF or the deadline; 0 or -1. */
static int
read_output(int fd, int timeout, struct buf *out, struct err *e)
{
	struct timespec end, now;
	struct pollfd pfd;
	char chunk[512];
	ssize_t n;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (end.tv_sec - now.tv_sec) * 1000 +
		    (end.tv_nsec - now.tv_nsec) / 1000000;
		pfd.fd = fd;
		pfd.events = POLLIN;
		/* A keyring waiting to be unlocked: try again later. */
		if (ms <= 0 || poll(&pfd, 1, (int)ms) == 0)
			return err_set(e, EX_TEMPFAIL, "password_command did "
			    "not finish within %d s", timeout);
		if ((n = read(fd, chunk, sizeof(chunk))) == 0)
			break;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return err_set(e, EX_CONFIG, "password_command: %s",
			    strerror(errno));
		if (out->len + (size_t)n > SECRET_OUTPUT_MAX) {
			secure_wipe(chunk, sizeof(chunk));
			return err_set(e, EX_CONFIG, "password_command printed "
			    "more than %d bytes", SECRET_OUTPUT_MAX);
		}
		if (buf_add(out, chunk, (size_t)n) == -1)
			return err_nomem(e, "reading password_command");
	}
	secure_wipe(chunk, sizeof(chunk));
	return 0;
}

static int
run_command(const char *command, int timeout, struct buf *out, struct err *e)
{
	struct buf raw = BUF_INIT;
	pid_t pid;
	size_t len;
	int fd, status = 0, rc;

	if ((pid = spawn(command, &fd, e)) == -1)
		return -1;
	rc = read_output(fd, timeout, &raw, e);
	close(fd);
	if (rc == -1)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		rc = err_set(e, EX_CONFIG, "password_command failed (%s %d)",
		    WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	len = raw.data ? strcspn(raw.data, "\r\n") : 0;
	if (rc == 0 && len == 0)
		rc = err_set(e, EX_CONFIG, "password_command printed nothing");
	if (rc == 0 && buf_add(out, raw.data, len) == -1)
		rc = err_nomem(e, "reading password_command");
	buf_wipe(&raw);
	return rc;
}

/* The next white-space separated word of a .netrc, or NULL at the end. */
static const char *
netrc_word(const char **p, const char *end, size_t *len)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	if (s >= end)
		return NULL;
	*p = s;
	while (*p < end && **p != ' ' && **p != '\t' && **p != '\n' &&
	    **p != '\r')
		(*p)++;
	*len = (size_t)(*p - s);
	return s;
}

static int
word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && strncmp(w, s, len) == 0;
}

/* One pass: entries for host (want_default 0) or the default entry (1). */
static int
netrc_pass(const char *p, const char *end, const char *host,
    const char *user, int want_default, struct buf *out)
{
	const char *w, *v, *login = NULL, *pass = NULL;
	size_t wl, vl, loginl = 0, passl = 0;
	int in_entry = 0;

	for (;;) {
		w = netrc_word(&p, end, &wl);
		if (w == NULL || word_is(w, wl, "machine") ||
		    word_is(w, wl, "default")) {
			if (in_entry && pass != NULL && (user == NULL ||
			    (login != NULL && strlen(user) == loginl &&
			    strncmp(user, login, loginl) == 0))) {
				buf_reset(out);
				return buf_add(out, pass, passl) == 0;
			}
			if (w == NULL)
				return 0;
			login = pass = NULL;
			if (word_is(w, wl, "default")) {
				in_entry = want_default;
				continue;
			}
			v = netrc_word(&p, end, &vl);
			in_entry = !want_default && v != NULL &&
			    strlen(host) == vl && strncasecmp(v, host, vl) == 0;
			continue;
		}
		if (word_is(w, wl, "macdef")) {	/* skip to an empty line */
			while (p < end && !(p + 1 < end && p[0] == '\n' &&
			    p[1] == '\n'))
				p++;
			continue;
		}
		v = netrc_word(&p, end, &vl);
		if (v == NULL)
			continue;
		if (word_is(w, wl, "login"))
			login = v, loginl = vl;
		else if (word_is(w, wl, "password"))
			pass = v, passl = vl;
	}
}

int
secret_netrc_lookup(const char *text, size_t len, const char *host,
    const char *user, struct buf *out)
{
	const char *end = text + len;

	return netrc_pass(text, end, host, user, 0, out) == 1 ||
	    netrc_pass(text, end, host, user, 1, out) == 1;
}

static int
from_netrc(const char *home, const char *host, const char *user,
    struct buf *out)
{
	struct buf text = BUF_INIT;
	char path[4096], chunk[4096];
	ssize_t n;
	int fd, found = 0;

	snprintf(path, sizeof(path), "%s/.netrc", home ? home : "");
	if (home == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && text.len < 1 << 20)
		if (buf_add(&text, chunk, (size_t)n) == -1)
			break;
	close(fd);
	secure_wipe(chunk, sizeof(chunk));
	if (text.data != NULL)
		found = secret_netrc_lookup(text.data, text.len, host, user, out);
	buf_wipe(&text);
	return found;
}

int
secret_get(const struct account *a, const char *host, const char *user,
    const char *home, int timeout, struct buf *out, struct err *e)
{
	buf_reset(out);
	if (a->password != NULL && *a->password != '\0')
		return buf_addstr(out, a->password) == 0 ? 0 :
		    err_nomem(e, "reading the password");
	if (a->password_command != NULL && *a->password_command != '\0')
		return run_command(a->password_command, timeout, out, e);
	if (from_netrc(home, host, user, out))
		return 0;
	return err_set(e, EX_CONFIG, "account \"%s\": no password for %s "
	    "(set password or password_command, or add %s to ~/.netrc)",
	    a->name, user, host);
}
