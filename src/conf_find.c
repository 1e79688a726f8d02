/*
 * Finding the configuration file, in SPEC §2 order: -C, else
 * $POSTIE_CONFIG, else the user files under home, else the system file.
 * Its interface is conf_find() in conf.h.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "err.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef SYSCONFDIR
#define SYSCONFDIR	"/etc"
#endif

/*
 * Finding the file. A file the caller names (-C, $POSTIE_CONFIG) or
 * places (the user files) is checked with access(), which uses the real
 * uid: postie may run setgid, and must not read for the caller what the
 * caller could not read (SPEC §8).
 */
static int
find_chosen(const char *path, const char *how, char **out, struct err *e)
{
	if (access(path, R_OK) == -1)
		return err_set(e, EX_CONFIG, "%s: %s (named by %s)", path,
		    strerror(errno), how);
	if ((*out = strdup(path)) == NULL)
		return err_nomem(e, "finding the configuration file");
	return 0;
}

static char *
path_printf(const char *a, const char *b)
{
	struct buf p = BUF_INIT;

	if (buf_printf(&p, "%s%s", a, b) == -1) {
		buf_free(&p);
		return NULL;
	}
	return p.data;
}

/* The candidates, in order: two user files, then the system file. */
static int
find_candidates(const char *home, char *cand[3])
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	/* XDG: a relative $XDG_CONFIG_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/')
		cand[0] = path_printf(xdg, "/postie/postie.conf");
	else if (home != NULL)
		cand[0] = path_printf(home, "/.config/postie/postie.conf");
	if (home != NULL)
		cand[1] = path_printf(home, "/.postierc");
	cand[2] = strdup(SYSCONFDIR "/postie.conf");
	if ((cand[0] == NULL && ((xdg != NULL && xdg[0] == '/') ||
	    home != NULL)) || (cand[1] == NULL && home != NULL) ||
	    cand[2] == NULL)
		return -1;
	return 0;
}

int
conf_is_system_file(const char *path)
{
	return strcmp(path, SYSCONFDIR "/postie.conf") == 0;
}

int
conf_find(const char *explicit_path, const char *home, char **path,
    struct err *e)
{
	char *cand[3] = { NULL, NULL, NULL };
	struct buf tried = BUF_INIT;
	const char *env;
	struct stat st;
	size_t i;
	int rc = -1;

	*path = NULL;
	if (explicit_path != NULL)
		return find_chosen(explicit_path, "-C", path, e);
	if ((env = getenv("POSTIE_CONFIG")) != NULL && *env != '\0')
		return find_chosen(env, "$POSTIE_CONFIG", path, e);
	if (find_candidates(home, cand) == -1) {
		err_nomem(e, "finding the configuration file");
		goto out;
	}
	for (i = 0; i < NITEMS(cand); i++) {
		if (cand[i] == NULL)
			continue;
		if (i < 2 ? access(cand[i], F_OK) == 0 :
		    stat(cand[i], &st) == 0) {
			if (i < 2 && access(cand[i], R_OK) == -1) {
				err_set(e, EX_CONFIG, "%s: %s", cand[i],
				    strerror(errno));
				goto out;
			}
			*path = cand[i];
			cand[i] = NULL;
			rc = 0;
			goto out;
		}
		if (buf_printf(&tried, "%s%s", tried.len ? ", " : "",
		    cand[i]) == -1) {
			err_nomem(e, "finding the configuration file");
			goto out;
		}
	}
	err_set(e, EX_CONFIG, "no configuration file found (tried %s)",
	    tried.data);
out:
	for (i = 0; i < NITEMS(cand); i++)
		free(cand[i]);
	buf_free(&tried);
	return rc;
}
