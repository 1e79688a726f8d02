/*
 * The real user: passwd name and home directory. $HOME is only believed
 * when that directory belongs to the real user, because cron runs jobs
 * with the daemon's HOME=/root and sudo may keep the caller's.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "user.h"

static int
home_is_ours(const char *home, uid_t uid)
{
	struct stat st;

	return home != NULL && home[0] == '/' && stat(home, &st) == 0 &&
	    S_ISDIR(st.st_mode) && st.st_uid == uid;
}

int
user_lookup(struct user *u, struct err *e)
{
	const struct passwd *pw;
	const char *home;
	uid_t uid = getuid();

	u->name = u->home = NULL;
	if ((pw = getpwuid(uid)) == NULL)
		return err_set(e, EX_OSERR, "there is no passwd entry for "
		    "user id %lu", (unsigned long)uid);
	home = getenv("HOME");
	if (!home_is_ours(home, uid))
		home = pw->pw_dir != NULL && pw->pw_dir[0] != '\0' ?
		    pw->pw_dir : "/";
	if ((u->name = strdup(pw->pw_name)) == NULL ||
	    (u->home = strdup(home)) == NULL) {
		user_free(u);
		return err_nomem(e, "looking up the user");
	}
	return 0;
}

void
user_free(struct user *u)
{
	free(u->name);
	free(u->home);
	u->name = u->home = NULL;
}

char *
user_expand(const struct user *u, const char *path)
{
	struct buf b = BUF_INIT;
	size_t n;

	if (path == NULL)
		return NULL;
	if (path[0] != '~' || (path[1] != '\0' && path[1] != '/') ||
	    u->home == NULL)
		return strdup(path);
	/* "/" as home and "~/x": give "/x", not "//x". */
	n = strlen(u->home);
	if (n > 0 && u->home[n - 1] == '/' && path[1] == '/')
		n--;
	if (buf_add(&b, u->home, n) == -1 || buf_addstr(&b, path + 1) == -1 ||
	    (b.data == NULL && buf_addstr(&b, "") == -1)) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}
