/*
 * The real user: passwd name and home directory. $HOME is trusted only
 * when that directory belongs to the real user (cron runs jobs with
 * HOME=/root), else the passwd entry's home is used.
 */
#ifndef POSTIE_USER_H
#define POSTIE_USER_H

struct err;

struct user {
	char	*name;		/* passwd name of getuid() */
	char	*home;		/* see above */
};

int	user_lookup(struct user *, struct err *);
void	user_free(struct user *);

/* "~/x" -> home + "/x"; other paths copied. Returns malloc'd or NULL. */
char	*user_expand(const struct user *, const char *path);

#endif
