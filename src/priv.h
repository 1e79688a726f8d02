/*
 * The set-group-ID group: postie may be installed set-group-ID to the
 * group of a system-wide queue (postie(8), QUEUE), and then reads the
 * system configuration, which may hold passwords, with that group's
 * rights. Whatever the caller chooses must not borrow them (SPEC §8).
 */
#ifndef POSTIE_PRIV_H
#define POSTIE_PRIV_H

struct err;

/*
 * True when the caller's choices reach past the system configuration:
 * a configuration file other than the system one (-C, $POSTIE_CONFIG, a
 * user file; conf_path NULL when none was chosen yet), or a server of
 * the caller's (--host, --port, --diagnose). A configuration could then
 * include() the system file, or its account send the system password to
 * a server the caller runs.
 */
int	priv_caller_chooses(const char *conf_path, const char *host, int port,
	    int diagnose);

/*
 * Gives the set-group-ID group up for good (real, effective and saved
 * group IDs all the caller's own); nothing to do when postie is not
 * set-group-ID. -1 with EX_OSERR when the system will not.
 */
int	priv_drop(struct err *);

#endif
