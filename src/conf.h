/*
 * Configuration: finds the file (SPEC §2 order), reads it with
 * libconfuse, checks its permissions, and resolves every account into a
 * plain struct: account value, else inherited account, else top level,
 * else built-in default. No cfg_* call happens outside conf*.c.
 */
#ifndef POSTIE_CONF_H
#define POSTIE_CONF_H

#include <stddef.h>

struct err;

enum tls_mode {
	TLS_NONE,
	TLS_STARTTLS,
	TLS_IMPLICIT		/* "tls" in the file */
};

enum auth_mech {
	AUTH_NONE,
	AUTH_AUTO,
	AUTH_PLAIN,
	AUTH_LOGIN,
	AUTH_CRAM_MD5,
	AUTH_SCRAM_SHA_1,
	AUTH_SCRAM_SHA_256,
	AUTH_XOAUTH2,
	AUTH_OAUTHBEARER,
	AUTH_EXTERNAL
};

enum protocol {
	PROTO_SMTP,
	PROTO_LMTP
};

/* Where a resolved account value came from, for --pretend. */
struct origin {
	char	 where[160];	/* "file:line", "inherited from X", "top level (file:line)", "default" */
};

/* Account keys, in the order --pretend prints them. */
enum account_key {
	AK_HOST, AK_PORT, AK_TLS, AK_TLS_VERIFY, AK_TLS_CA_FILE,
	AK_TLS_FINGERPRINT, AK_TLS_CERT_FILE, AK_TLS_KEY_FILE,
	AK_TLS_PRIORITIES, AK_TLS_MIN_VERSION, AK_AUTH, AK_USER, AK_PASSWORD,
	AK_PASSWORD_COMMAND, AK_FROM, AK_FROM_MATCH, AK_SET_FROM_HEADER,
	AK_FALLBACK, AK_PROTOCOL, AK_DSN_NOTIFY, AK_DSN_RETURN, AK_SOURCE_IP,
	AK_COUNT
};

struct account {
	char		*name;
	char		*host;			/* "" when unset */
	int		 port;			/* resolved: 25, 587 or 465 by tls */
	enum tls_mode	 tls;
	int		 tls_verify;
	char		*tls_ca_file;
	char		*tls_fingerprint;
	char		*tls_cert_file;
	char		*tls_key_file;
	char		*tls_priorities;
	char		*tls_min_version;	/* "1.2" by default */
	enum auth_mech	 auth;
	char		*user;
	char		*password;		/* wiped by conf_free */
	char		*password_command;
	char		*from;
	char		**from_match;		/* NULL-terminated */
	size_t		 nfrom_match;
	int		 set_from_header;
	char		*fallback;
	enum protocol	 protocol;
	char		*dsn_notify;
	char		*dsn_return;
	char		*source_ip;
	struct origin	 origin[AK_COUNT];
};

struct config {
	char		*path;			/* the file that was read */
	char		*domain;		/* "" when unset: use the host's FQDN */
	int		 timeout;		/* seconds, default 60 */
	int		 syslog;		/* default 1 */
	char		*logfile;
	char		*queue_dir;
	long		 queue_lifetime;	/* seconds, default 5 days */
	char		*dead_letter;		/* default "~/dead.letter" */
	char		*aliases;
	int		 qualify_headers;	/* default 1 */
	char		*default_account;	/* default "default" */
	struct account	*accounts;
	size_t		 naccounts;
};

/*
 * Picks the file: explicit (-C), else $POSTIE_CONFIG, else the user
 * files under home, else the system file. Stores a malloc'd path in
 * *path. None found: -1, EX_CONFIG, naming every file tried. An explicit
 * or $POSTIE_CONFIG file that does not exist is an error, no fallback.
 */
int	conf_find(const char *explicit_path, const char *home, char **path,
	    struct err *e);

/* True when path is the system file (SYSCONFDIR/postie.conf). */
int	conf_is_system_file(const char *path);

/*
 * Reads and resolves the file. Errors say "file:line: what", EX_CONFIG.
 * Refuses (EX_CONFIG) a file holding a password that group or others may
 * read, unless owned by root with postie's effective group (SPEC §8).
 * include("FILE") is read by conf.c itself, relative to the including
 * file's directory, and each included file is checked the same way.
 * On failure *config is left empty (conf_free on it is harmless).
 */
int	conf_load(struct config *, const char *path, struct err *e);

/* The account with this name, or NULL. */
const struct account *conf_account(const struct config *, const char *name);

/* Frees everything, wiping passwords first. */
void	conf_free(struct config *);

/* Key names and enum names, for --pretend and messages. */
const char *conf_key_name(enum account_key);
const char *conf_tls_name(enum tls_mode);
const char *conf_auth_name(enum auth_mech);
const char *conf_protocol_name(enum protocol);

/*
 * Pure value parsers, shared by conf.c's callbacks and the fuzz targets.
 * Each returns 0 and stores the value, or -1 with a message in errbuf.
 */
int	conf_parse_duration(const char *, long *seconds, char *errbuf, size_t);
int	conf_parse_tls(const char *, enum tls_mode *, char *errbuf, size_t);
int	conf_parse_auth(const char *, enum auth_mech *, char *errbuf, size_t);
int	conf_parse_protocol(const char *, enum protocol *, char *errbuf, size_t);
int	conf_parse_fingerprint(const char *, unsigned char out[32],
	    char *errbuf, size_t);

/* A TCP port, 1 to 65535, digits only (also used for --port). */
int	conf_parse_port(const char *, int *port, char *errbuf, size_t);

#endif
