/*
 * Queue runs: -q sends every queued message now; --queue-run only those
 * whose retry time has come. Messages for one account share one
 * connection. A message is locked while it is being sent, so any number
 * of runs at once deliver it once.
 */
#ifndef POSTIE_RUNQ_H
#define POSTIE_RUNQ_H

struct config;
struct err;
struct trace;

struct runq_params {
	int		 all;		/* -q: whatever the retry time */
	const char	*helo_name;
	const char	*home;
	const char	*tag;		/* syslog tag */
};

struct runq_stats {
	int	 sent;
	int	 deferred;
	int	 failed;
};

/* Errors only for a queue that cannot be read at all. */
int	runq_run(const struct config *, const struct runq_params *,
	    struct trace *, struct runq_stats *, struct err *);

#endif
