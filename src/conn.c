/*
 * Connection I/O with a deadline per step. Sockets are non-blocking and
 * every wait goes through poll() against a CLOCK_MONOTONIC deadline: a
 * peer that sends one byte a second cannot stretch a step past it, which
 * SO_RCVTIMEO alone would allow. Writes are gathered so that a pipelined
 * group of commands leaves in one flight.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "err.h"

#define CONN_RBUF	16384
#define CONN_WBUF	65536

struct conn {
	int		 fd;
	int		 timeout;
	int		 local;
	int		 eof;		/* the peer closed its side */
	char		 name[300];
	struct timespec	 deadline;
	struct transport tr;
	int		 has_tr;
	size_t		 rpos, rlen;
	size_t		 wlen;
	char		 rbuf[CONN_RBUF];
	char		 wbuf[CONN_WBUF];
};

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? ms : 0;
}

static void
deadline_in(struct timespec *d, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, d);
	d->tv_sec += seconds;
}

/* Waits for the socket; 1 ready, 0 deadline passed, -1 error. */
static int
wait_fd(int fd, short events, const struct timespec *deadline)
{
	struct pollfd pfd;
	int n;

	for (;;) {
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)ms_left(deadline));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		return n > 0 ? 1 : 0;
	}
}

static struct conn *
conn_new(int fd, const char *name, int timeout)
{
	struct conn *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->fd = fd;
	c->timeout = timeout;
	snprintf(c->name, sizeof(c->name), "%s", name);
	deadline_in(&c->deadline, timeout);
	return c;
}

static int
peer_is_local(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const struct sockaddr_in6 *s6;

	if (getpeername(fd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	switch (ss.ss_family) {
	case AF_UNIX:
		return 1;
	case AF_INET:
		return (ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >>
		    24) == 127;
	case AF_INET6:
		s6 = (const struct sockaddr_in6 *)&ss;
		if (IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) &&
		    s6->sin6_addr.s6_addr[12] == 127;
	}
	return 0;
}

/* Non-blocking connect bounded by the deadline; 0, or -1 with errno. */
static int
connect_within(int fd, const struct sockaddr *sa, socklen_t salen, int timeout)
{
	struct timespec deadline;
	socklen_t len;
	int soerr, r;

	if (connect(fd, sa, salen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -1;
	deadline_in(&deadline, timeout);
	if ((r = wait_fd(fd, POLLOUT, &deadline)) <= 0) {
		errno = r == 0 ? ETIMEDOUT : errno;
		return -1;
	}
	len = sizeof(soerr);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
		return -1;
	if (soerr != 0) {
		errno = soerr;
		return -1;
	}
	return 0;
}

static int
bind_source(int fd, int family, const char *source_ip)
{
	struct addrinfo hints, *res;
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	if (getaddrinfo(source_ip, NULL, &hints, &res) != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	r = bind(fd, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return r;
}

static int
open_unix(struct conn **cp, const char *path, int timeout, struct err *e)
{
	struct sockaddr_un sun;
	char name[300];
	int fd;

	snprintf(name, sizeof(name), "unix:%s", path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return err_set(e, EX_CONFIG, "%s: socket path too long", name);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return err_set(e, EX_OSERR, "socket: %s", strerror(errno));
	if (connect_within(fd, (struct sockaddr *)&sun, sizeof(sun),
	    timeout) == -1) {
		err_set(e, EX_TEMPFAIL, "%s: cannot connect: %s", name,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if ((*cp = conn_new(fd, name, timeout)) == NULL) {
		close(fd);
		return err_nomem(e, "connecting");
	}
	(*cp)->local = 1;
	return 0;
}

static int
resolve(const char *host, int port, struct addrinfo **res, struct err *e)
{
	struct addrinfo hints;
	char portstr[16];
	int r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	snprintf(portstr, sizeof(portstr), "%d", port);
	r = getaddrinfo(host, portstr, &hints, res);
	if (r == 0)
		return 0;
	if (r == EAI_NONAME || r == EAI_NODATA || r == EAI_FAIL)
		return err_set(e, EX_NOHOST, "%s: host name not found", host);
	if (r == EAI_AGAIN)
		return err_set(e, EX_TEMPFAIL,
		    "%s: temporary failure in name resolution", host);
	return err_set(e, EX_TEMPFAIL, "%s: cannot resolve: %s", host,
	    r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
}

int
conn_open(struct conn **cp, const char *host, int port,
    const char *source_ip, int timeout, struct err *e)
{
	struct addrinfo *res, *ai;
	char name[300];
	int fd = -1, saved = 0, one = 1;

	if (strncmp(host, "unix:", 5) == 0)
		return open_unix(cp, host + 5, timeout, e);
	snprintf(name, sizeof(name), strchr(host, ':') ? "[%s]:%d" : "%s:%d",
	    host, port);
	if (resolve(host, port, &res, e) == -1)
		return -1;
	/* Every address in the resolver's order, as RFC 6724 sorted them. */
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		if ((source_ip == NULL || *source_ip == '\0' ||
		    bind_source(fd, ai->ai_family, source_ip) == 0) &&
		    connect_within(fd, ai->ai_addr, ai->ai_addrlen,
		    timeout) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		if (saved == ETIMEDOUT)
			return err_set(e, EX_TEMPFAIL,
			    "%s: cannot connect: timed out after %d s", name,
			    timeout);
		return err_set(e, EX_TEMPFAIL, "%s: cannot connect: %s", name,
		    strerror(saved));
	}
	/* Each flight is one write; Nagle would only delay it. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if ((*cp = conn_new(fd, name, timeout)) == NULL) {
		close(fd);
		return err_nomem(e, "connecting");
	}
	(*cp)->local = peer_is_local(fd);
	return 0;
}

int
conn_from_fd(struct conn **cp, int fd, const char *name, int timeout,
    struct err *e)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return err_set(e, EX_OSERR, "%s: %s", name, strerror(errno));
	if ((*cp = conn_new(fd, name, timeout)) == NULL)
		return err_nomem(e, "connecting");
	(*cp)->local = peer_is_local(fd);
	return 0;
}

const char *
conn_name(const struct conn *c)
{
	return c->name;
}

int
conn_fd(const struct conn *c)
{
	return c->fd;
}

int
conn_is_local(const struct conn *c)
{
	return c->local;
}

int
conn_timeout(const struct conn *c)
{
	return c->timeout;
}

void
conn_set_transport(struct conn *c, const struct transport *tr)
{
	c->tr = *tr;
	c->has_tr = 1;
}

void
conn_deadline(struct conn *c, int seconds)
{
	deadline_in(&c->deadline, seconds);
}

static ssize_t
raw_read(struct conn *c, void *p, size_t n)
{
	if (c->has_tr)
		return c->tr.read(c->tr.ctx, p, n);
	return read(c->fd, p, n);
}

static ssize_t
raw_write(struct conn *c, const void *p, size_t n)
{
	if (c->has_tr)
		return c->tr.write(c->tr.ctx, p, n);
	return send(c->fd, p, n, MSG_NOSIGNAL);
}

static short
wait_events(struct conn *c, short dflt)
{
	if (c->has_tr && c->tr.wants_write != NULL)
		return c->tr.wants_write(c->tr.ctx) ? POLLOUT : POLLIN;
	return dflt;
}

int
conn_flush(struct conn *c, struct err *e)
{
	struct timespec deadline;
	size_t off = 0;
	ssize_t n;
	int r;

	/* Each flush must make its way within the timeout on its own. */
	deadline_in(&deadline, c->timeout);
	while (off < c->wlen) {
		n = raw_write(c, c->wbuf + off, c->wlen - off);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			r = wait_fd(c->fd, wait_events(c, POLLOUT), &deadline);
			if (r == 1)
				continue;
			c->wlen = 0;
			if (r == 0)
				return err_set(e, EX_TEMPFAIL,
				    "timed out after %d s", c->timeout);
			return err_set(e, EX_IOERR, "poll: %s", strerror(errno));
		}
		c->wlen = 0;
		if (n == -1 && (errno == EPIPE || errno == ECONNRESET))
			return err_set(e, EX_TEMPFAIL,
			    "connection closed by the server");
		return err_set(e, EX_TEMPFAIL, "write: %s",
		    n == 0 ? "no progress" : strerror(errno));
	}
	c->wlen = 0;
	return 0;
}

int
conn_write(struct conn *c, const void *p, size_t n, struct err *e)
{
	const char *s = p;
	size_t room;

	while (n > 0) {
		if (c->wlen == sizeof(c->wbuf) && conn_flush(c, e) == -1)
			return -1;
		room = sizeof(c->wbuf) - c->wlen;
		if (room > n)
			room = n;
		memcpy(c->wbuf + c->wlen, s, room);
		c->wlen += room;
		s += room;
		n -= room;
	}
	return 0;
}

/*
 * Before waiting for the peer: acknowledge at once what it sent. After
 * a TLS handshake the server's session ticket would otherwise wait for
 * a delayed ACK while the server's next reply waits behind it (Nagle),
 * some 40 ms a session. The flag is not sticky, hence every time.
 */
static void
quick_ack(const struct conn *c)
{
#ifdef TCP_QUICKACK
	int one = 1;

	if (strncmp(c->name, "unix:", 5) != 0)
		(void)setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one,
		    sizeof(one));
#endif
}

/* Reads more bytes into rbuf; 0 ok, -1 with e set. */
static int
fill(struct conn *c, struct err *e)
{
	ssize_t n;
	int r;

	if (c->rpos > 0) {
		memmove(c->rbuf, c->rbuf + c->rpos, c->rlen - c->rpos);
		c->rlen -= c->rpos;
		c->rpos = 0;
	}
	for (;;) {
		n = raw_read(c, c->rbuf + c->rlen, sizeof(c->rbuf) - c->rlen);
		if (n > 0) {
			c->rlen += (size_t)n;
			return 0;
		}
		if (n == 0) {
			c->eof = 1;
			return err_set(e, EX_TEMPFAIL,
			    "connection closed by the server");
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return err_set(e, EX_TEMPFAIL, "read: %s",
			    strerror(errno));
		quick_ack(c);
		r = wait_fd(c->fd, wait_events(c, POLLIN), &c->deadline);
		if (r == 0)
			return err_set(e, EX_TEMPFAIL, "timed out after %d s",
			    c->timeout);
		if (r == -1)
			return err_set(e, EX_IOERR, "poll: %s", strerror(errno));
	}
}

int
conn_read_line(struct conn *c, char *buf, size_t cap, size_t *len,
    struct err *e)
{
	char *nl;
	size_t n, scanned = 0;

	for (;;) {
		nl = memchr(c->rbuf + c->rpos + scanned, '\n',
		    c->rlen - c->rpos - scanned);
		if (nl != NULL)
			break;
		scanned = c->rlen - c->rpos;
		if (scanned + 1 > cap)
			return err_set(e, EX_PROTOCOL,
			    "line longer than %zu octets", cap - 1);
		if (fill(c, e) == -1) {
			/* A line cut off by the close was never a reply. */
			if (c->eof && c->rlen > c->rpos)
				return err_set(e, EX_PROTOCOL,
				    "line not ended by CRLF");
			return -1;
		}
	}
	n = (size_t)(nl - (c->rbuf + c->rpos));
	if (n == 0 || nl[-1] != '\r')
		return err_set(e, EX_PROTOCOL, "line not ended by CRLF");
	n--;
	if (n + 1 > cap)
		return err_set(e, EX_PROTOCOL, "line longer than %zu octets",
		    cap - 1);
	memcpy(buf, c->rbuf + c->rpos, n);
	buf[n] = '\0';
	*len = n;
	c->rpos += n + 2;
	return 0;
}

int
conn_wait(struct conn *c, int for_write, struct err *e)
{
	int r;

	if (!for_write)
		quick_ack(c);
	r = wait_fd(c->fd, for_write ? POLLOUT : POLLIN, &c->deadline);
	if (r == 1)
		return 0;
	if (r == 0)
		return err_set(e, EX_TEMPFAIL, "timed out after %d s",
		    c->timeout);
	return err_set(e, EX_IOERR, "poll: %s", strerror(errno));
}

void
conn_wipe_output(struct conn *c)
{
	secure_wipe(c->wbuf, sizeof(c->wbuf));
}

size_t
conn_buffered(const struct conn *c)
{
	return c->rlen - c->rpos;
}

int
conn_has_input(struct conn *c)
{
	struct pollfd pfd;

	if (c->rpos < c->rlen)
		return 1;
	if (c->has_tr && c->tr.pending != NULL && c->tr.pending(c->tr.ctx) > 0)
		return 1;
	pfd.fd = c->fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

void
conn_close(struct conn *c)
{
	if (c == NULL)
		return;
	if (c->has_tr && c->tr.close != NULL)
		c->tr.close(c->tr.ctx);
	if (c->fd != -1)
		close(c->fd);
	free(c);
}
