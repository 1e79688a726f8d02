/*
 * Connection I/O: getaddrinfo loop (every address in order) or a unix
 * socket, buffered writes sent in one flight, line reads, and a deadline
 * for every step taken from CLOCK_MONOTONIC, so a peer that trickles bytes
 * still times out. A transport hook lets TLS slide under the same calls.
 */
#ifndef POSTIE_CONN_H
#define POSTIE_CONN_H

#include <sys/types.h>
#include <stddef.h>

struct err;
struct conn;

/* What a transport does with bytes; the plain one uses the socket. */
struct transport {
	/* return bytes moved, 0 on EOF (read), -1 with errno; EAGAIN to wait */
	ssize_t	(*read)(void *ctx, void *, size_t);
	ssize_t	(*write)(void *ctx, const void *, size_t);
	/* bytes already decrypted and waiting (no poll needed), or 0 */
	size_t	(*pending)(void *ctx);
	/* after EAGAIN: 1 when the transport waits to write, 0 to read */
	int	(*wants_write)(void *ctx);
	/* ends and frees the transport; conn_close calls it first */
	void	(*close)(void *ctx);
	void	*ctx;
};

/*
 * Connects to host:port ("unix:/path" for a socket; port unused then),
 * trying each address, each within timeout seconds. name describes the
 * peer in messages ("host:port"). Errors: EX_NOHOST (68) for a name not
 * found, EX_TEMPFAIL (75) for refused, unreachable, timed out, a
 * temporary resolver failure.
 */
int	conn_open(struct conn **, const char *host, int port,
	    const char *source_ip, int timeout, struct err *);

/* Wraps an already open descriptor (tests, -bs on stdio). */
int	conn_from_fd(struct conn **, int fd, const char *name, int timeout,
	    struct err *);

const char *conn_name(const struct conn *);
int	conn_fd(const struct conn *);
int	conn_is_local(const struct conn *);	/* loopback or unix socket */
int	conn_timeout(const struct conn *);

/* Puts a transport (TLS) between postie and the socket. */
void	conn_set_transport(struct conn *, const struct transport *);

/*
 * Waits until the socket is ready to read (or to write) or the step's
 * deadline passes. 0 ready; -1 with EX_TEMPFAIL "timed out after N s".
 */
int	conn_wait(struct conn *, int for_write, struct err *);

/* Bytes read from the socket but not yet taken by conn_read_line. */
size_t	conn_buffered(const struct conn *);

/* Starts the deadline for the next step: now + seconds. */
void	conn_deadline(struct conn *, int seconds);

/* Queues bytes; they leave in conn_flush (or when the buffer fills). */
int	conn_write(struct conn *, const void *, size_t, struct err *);
int	conn_flush(struct conn *, struct err *);

/*
 * Reads one line ended by CRLF into buf (without the CRLF, NUL-added).
 * A line longer than cap-1, or a bare LF, is an error EX_PROTOCOL (76);
 * EOF or a drop is EX_TEMPFAIL, so is the deadline passing.
 */
int	conn_read_line(struct conn *, char *buf, size_t cap, size_t *len,
	    struct err *);

/* Wipes the output buffer, after a flush that carried a secret. */
void	conn_wipe_output(struct conn *);

/* True when bytes are waiting that have not been read yet. */
int	conn_has_input(struct conn *);

void	conn_close(struct conn *);

#endif
