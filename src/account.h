/*
 * Account selection (SPEC §2): -a NAME; else the first account whose
 * from_match glob matches the envelope sender, case-insensitively; else
 * default_account.
 */
#ifndef POSTIE_ACCOUNT_H
#define POSTIE_ACCOUNT_H

struct account;
struct config;
struct err;

/*
 * sender may be NULL (no -f); a bare name is matched as name@domain, as
 * it will be sent. Unknown -a name: EX_CONFIG.
 */
const struct account *account_select(const struct config *,
	    const char *name, const char *sender, const char *domain,
	    struct err *);

#endif
