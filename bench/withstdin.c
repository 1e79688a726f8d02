/*
 * withstdin FILE PROGRAM [ARG...]: runs PROGRAM with FILE as its standard
 * input. hyperfine then times each client without a shell (-N): a shell
 * would do the redirection, and subtracting its start-up from every run
 * adds noise larger than postie's own time. The exec costs the same for
 * every client.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: withstdin FILE PROGRAM [ARG...]\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) == -1) {
		fprintf(stderr, "withstdin: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (fd != 0 && (dup2(fd, 0) == -1 || close(fd) == -1)) {
		fprintf(stderr, "withstdin: dup2: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "withstdin: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
