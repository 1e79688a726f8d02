/*
 * The envelope of one message: who it is from (-f, else the account's
 * from, else the real user at the domain) and to whom (arguments, each an
 * address list, plus the header recipients with -t), qualified and
 * without duplicates.
 */
#ifndef POSTIE_ENVELOPE_H
#define POSTIE_ENVELOPE_H

struct account;
struct envelope;
struct err;
struct opts;
struct spool;
struct user;

/*
 * The domain for EHLO, Message-ID and qualifying: the configured one, else
 * this host's fully qualified name (one resolver call, made only here).
 * Returns a malloc'd string or NULL with e set.
 */
char	*envelope_domain(const char *configured, struct err *e);

/*
 * Fills env (which it clears first). Local recipients (no '@') are
 * expanded through the aliases file when aliases names one ("~/" is the
 * user's home; the file is read only when there is a local recipient);
 * the names left get "@domain". No recipient at all is EX_USAGE, "no
 * recipients"; a header that cannot be parsed with -t is EX_DATAERR; a
 * missing or bad aliases file, or an alias loop, is EX_CONFIG.
 */
int	 envelope_build(struct envelope *env, const struct opts *o,
	    const struct account *acct, const struct user *u,
	    const char *aliases, const char *domain, const struct spool *sp,
	    struct err *e);

/*
 * Header edits of SPEC §3 (Bcc removed; Date, Message-ID, From added
 * when missing; set_from_header; qualify_headers), into the spool.
 */
int	 envelope_edit_headers(struct spool *, const struct opts *,
	    const struct account *, int qualify, const char *domain,
	    const char *sender, struct err *e);

/* "a@x,b@y": the recipients, for the log line. malloc'd or NULL. */
char	*envelope_recipients(const struct envelope *);

void	 envelope_free(struct envelope *);

#endif
