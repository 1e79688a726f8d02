/*
 * Whole writes to a file descriptor: write(2) may take less than asked,
 * and EINTR is no failure.
 */
#ifndef POSTIE_FDIO_H
#define POSTIE_FDIO_H

#include <stddef.h>

/* Writes all n bytes. 0, or -1 with errno set. */
int	fd_write_all(int fd, const void *p, size_t n);

#endif
