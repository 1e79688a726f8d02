/*
 * Giving up the set-group-ID group before the caller's choices are
 * acted on. Its interface is priv.h.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "err.h"
#include "priv.h"

int
priv_caller_chooses(const char *conf_path, const char *host, int port,
    int diagnose)
{
	return diagnose || host != NULL || port != 0 ||
	    (conf_path != NULL && !conf_is_system_file(conf_path));
}

int
priv_drop(struct err *e)
{
	gid_t gid = getgid();

	if (getegid() == gid)
		return 0;
	/* All three: a saved set-group-ID would let the group come back. */
	if (setresgid(gid, gid, gid) == -1 || getegid() != gid)
		return err_set(e, EX_OSERR, "cannot give up the set-group-ID "
		    "group: %s", strerror(errno));
	return 0;
}
