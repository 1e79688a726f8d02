/*
 * Picking the account for a message. Matching uses the sender as the
 * caller gave it (-f), since an account's own "from" cannot choose the
 * account it belongs to.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <sysexits.h>

#include "account.h"
#include "addr.h"
#include "buf.h"
#include "conf.h"
#include "err.h"

static int
matches(const struct account *a, const char *sender)
{
	size_t i;

	for (i = 0; i < a->nfrom_match; i++)
		if (fnmatch(a->from_match[i], sender, FNM_CASEFOLD) == 0)
			return 1;
	return 0;
}

/* The sender as it will be sent: angles gone, a bare name qualified. */
static char *
envelope_form(const char *sender, const char *domain)
{
	struct buf b = BUF_INIT;
	char *bare;

	if ((bare = addr_strip_angles(sender)) == NULL || !addr_is_local(bare))
		return bare;
	if (buf_printf(&b, "%s@%s", bare, domain) == -1)
		b.data = NULL;
	free(bare);
	return b.data;
}

const struct account *
account_select(const struct config *cf, const char *name, const char *sender,
    const char *domain, struct err *e)
{
	const struct account *a;
	char *bare;
	size_t i;

	if (name != NULL) {
		if ((a = conf_account(cf, name)) == NULL)
			err_set(e, EX_CONFIG, "%s: no account named \"%s\"",
			    cf->path, name);
		return a;
	}
	if (sender != NULL && *sender != '\0') {
		if ((bare = envelope_form(sender, domain)) == NULL) {
			err_nomem(e, "choosing the account");
			return NULL;
		}
		for (i = 0; i < cf->naccounts; i++)
			if (matches(&cf->accounts[i], bare)) {
				free(bare);
				return &cf->accounts[i];
			}
		free(bare);
	}
	if ((a = conf_account(cf, cf->default_account)) == NULL)
		err_set(e, EX_CONFIG, "%s: no account named \"%s\"", cf->path,
		    cf->default_account);
	return a;
}
