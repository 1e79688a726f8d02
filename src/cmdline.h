/*
 * Command line: sendmail-compatible flags into struct opts. Knows the
 * personalities (sendmail, mailq, newaliases) from argv[0]. Pure: it reads
 * argv only, writes nothing, and keeps pointers into argv (a -f value that
 * lost its angle brackets points into struct opts itself, so do not copy
 * a struct opts by value).
 */
#ifndef POSTIE_CMDLINE_H
#define POSTIE_CMDLINE_H

#include <stddef.h>

struct err;

/* Longest -f/-r address and -F name accepted, in octets (RFC 5322 line). */
#define CMDLINE_TEXT_MAX	998
/* Ignored flags remembered for -v; more are ignored all the same. */
#define CMDLINE_IGNORED_MAX	16

enum mode {
	MODE_DELIVER,		/* -bm, the default: read a message, send it */
	MODE_SMTP,		/* -bs: speak SMTP on stdin/stdout */
	MODE_LIST_QUEUE,	/* -bp, mailq */
	MODE_ALIASES,		/* -bi, newaliases: nothing to do */
	MODE_VERIFY,		/* -bv: print account and envelope, send nothing */
	MODE_FLUSH,		/* -q, -qf, -q<time>, -I: every queued message now */
	MODE_QUEUE_RUN,		/* --queue-run: queued messages whose time came */
	MODE_SERVERINFO,	/* --serverinfo */
	MODE_DIAGNOSE,		/* --diagnose HOST */
	MODE_VERSION,		/* --version */
	MODE_HELP		/* --help */
};

enum body_type {
	BODY_UNSET,		/* no -B: postie decides from the bytes */
	BODY_7BIT,		/* -B7BIT */
	BODY_8BITMIME,		/* -B8BITMIME */
	BODY_BINARYMIME		/* -BBINARYMIME */
};

struct opts {
	enum mode	 mode;
	int		 read_recipients;	/* -t */
	int		 dot_ends_input;	/* 1 unless -i / -oi */
	int		 queue_only;		/* -odq */
	int		 verbose;		/* -v (may be repeated) */
	int		 pretend;		/* --pretend */

	const char	*sender;		/* -f/-r; NULL unset, "" null sender */
	const char	*full_name;		/* -F */
	enum body_type	 body_type;		/* -B */
	const char	*dsn_notify;		/* -N */
	const char	*dsn_return;		/* -R */
	const char	*dsn_envid;		/* -V */

	const char	*config_file;		/* -C */
	const char	*transcript_file;	/* -X */
	const char	*syslog_tag;		/* -L */
	const char	*account;		/* -a, --account */
	const char	*host;			/* --host */
	int		 port;			/* --port, 0 when not given */
	const char	*diagnose_host;		/* --diagnose */

	char		**recipients;		/* points into argv */
	size_t		 nrecipients;

	/* Flags accepted and ignored, for -v to tell (the first ones). */
	struct ignored_flag {
		const char	*flag;		/* "-m", "-o" */
		const char	*value;		/* its argument or -o word, or NULL */
	}		 ignored[CMDLINE_IGNORED_MAX];
	size_t		 nignored;
	const char	*progname;		/* basename of argv[0] */

	/* -f '<a@b>': the sender without its angle brackets lives here. */
	char		 sender_buf[CMDLINE_TEXT_MAX + 1];
};

/*
 * Parses argv. Fills *o (which it first clears) and returns 0; on a bad
 * flag or value returns -1 with EX_USAGE (64), or EX_DATAERR (65) for CR,
 * LF or NUL in an address, name or value, and a message naming the flag.
 * Options end at "--" or at the first argument that is not an option
 * (Postfix and msmtp do the same); every argument from there on is a
 * recipient argument, which may hold a comma-separated address list.
 */
int	cmdline_parse(struct opts *o, int argc, char **argv, struct err *e);

/* The usage text, for --help and for errors. */
const char *cmdline_usage(void);

#endif
