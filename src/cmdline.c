/*
 * Command line: sendmail's flags into struct opts. Tables drive it: one
 * for single-letter flags (getopt-like: clustered, value attached or in
 * the next argument), one for postie's --long options, and small ones for
 * the words after -b, -B, -o and -N. Options end at "--" or at the first
 * argument that is not an option, as in Postfix and msmtp.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "cmdline.h"
#include "err.h"

enum flag_arg {
	ARG_NONE,		/* -t */
	ARG_REQUIRED,		/* -f ADDR, -fADDR, --host=H, --host H */
	ARG_ATTACHED,		/* -q, -q30m, -d0.1: optional, attached only */
	ARG_UNLESS_LAST		/* like ARG_REQUIRED, but may end argv bare */
};

struct flag;
typedef int flag_fn(struct opts *, const struct flag *, const char *,
    struct err *);

struct flag {
	const char	*label;		/* "-f", "--host", or a word after -o */
	enum flag_arg	 arg;
	flag_fn		*set;
	size_t		 off;		/* the struct opts field set writes */
	int		 val;		/* value to store, or longest value */
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define OFF(field)	offsetof(struct opts, field)
#define FIELD(o, f, type)	((type *)(void *)((char *)(o) + (f)->off))

#define HOST_MAX	255	/* RFC 1035 name, or a "unix:" socket path */
#define ENVID_MAX	100	/* RFC 3461 section 4.4 */

static flag_fn set_int, set_count, set_mode, set_text, set_name, set_path;
static flag_fn set_sender, set_b, set_body, set_o, set_notify, set_return;
static flag_fn set_port, set_diagnose, set_ignore;

static const struct flag short_flags[] = {
	{ "-A", ARG_REQUIRED, set_ignore, 0, 0 },
	{ "-B", ARG_REQUIRED, set_body, 0, 0 },
	{ "-C", ARG_REQUIRED, set_path, OFF(config_file), 0 },
	{ "-F", ARG_REQUIRED, set_name, OFF(full_name), CMDLINE_TEXT_MAX },
	{ "-G", ARG_NONE, set_ignore, 0, 0 },
	{ "-I", ARG_NONE, set_mode, 0, MODE_FLUSH },
	{ "-L", ARG_REQUIRED, set_text, OFF(syslog_tag), CMDLINE_TEXT_MAX },
	{ "-N", ARG_REQUIRED, set_notify, OFF(dsn_notify), 0 },
	{ "-O", ARG_REQUIRED, set_ignore, 0, 0 },
	{ "-R", ARG_REQUIRED, set_return, OFF(dsn_return), 0 },
	{ "-U", ARG_NONE, set_ignore, 0, 0 },
	{ "-V", ARG_REQUIRED, set_text, OFF(dsn_envid), ENVID_MAX },
	/* MIME::Lite passes a bare trailing -X: losing its mail is worse. */
	{ "-X", ARG_UNLESS_LAST, set_path, OFF(transcript_file), 0 },
	{ "-a", ARG_REQUIRED, set_text, OFF(account), CMDLINE_TEXT_MAX },
	{ "-b", ARG_REQUIRED, set_b, 0, 0 },
	{ "-d", ARG_ATTACHED, set_ignore, 0, 0 },
	{ "-f", ARG_REQUIRED, set_sender, OFF(sender), CMDLINE_TEXT_MAX },
	{ "-h", ARG_REQUIRED, set_ignore, 0, 0 },
	{ "-i", ARG_NONE, set_int, OFF(dot_ends_input), 0 },
	{ "-m", ARG_NONE, set_ignore, 0, 0 },
	{ "-n", ARG_NONE, set_ignore, 0, 0 },
	{ "-o", ARG_REQUIRED, set_o, 0, 0 },
	{ "-q", ARG_ATTACHED, set_mode, 0, MODE_FLUSH },
	{ "-r", ARG_REQUIRED, set_sender, OFF(sender), CMDLINE_TEXT_MAX },
	{ "-s", ARG_NONE, set_ignore, 0, 0 },
	{ "-t", ARG_NONE, set_int, OFF(read_recipients), 1 },
	{ "-v", ARG_NONE, set_count, OFF(verbose), 0 },
};

static const struct flag long_flags[] = {
	{ "--account", ARG_REQUIRED, set_text, OFF(account), CMDLINE_TEXT_MAX },
	{ "--diagnose", ARG_REQUIRED, set_diagnose, OFF(diagnose_host),
	    HOST_MAX },
	{ "--help", ARG_NONE, set_mode, 0, MODE_HELP },
	{ "--host", ARG_REQUIRED, set_text, OFF(host), HOST_MAX },
	{ "--port", ARG_REQUIRED, set_port, OFF(port), 0 },
	{ "--pretend", ARG_NONE, set_int, OFF(pretend), 1 },
	{ "--queue-run", ARG_NONE, set_mode, 0, MODE_QUEUE_RUN },
	{ "--serverinfo", ARG_NONE, set_mode, 0, MODE_SERVERINFO },
	{ "--version", ARG_NONE, set_mode, 0, MODE_VERSION },
};

/* -bX: the operation mode. Other letters (-bd, -bD, -bt...) are refused. */
static const struct flag b_words[] = {
	{ "i", ARG_NONE, set_mode, 0, MODE_ALIASES },
	{ "m", ARG_NONE, set_mode, 0, MODE_DELIVER },
	{ "p", ARG_NONE, set_mode, 0, MODE_LIST_QUEUE },
	{ "s", ARG_NONE, set_mode, 0, MODE_SMTP },
	{ "v", ARG_NONE, set_mode, 0, MODE_VERIFY },
};

/* -BTYPE, matched without regard to case. */
static const struct body_word {
	const char	*word;
	enum body_type	 type;
} body_words[] = {
	{ "7BIT", BODY_7BIT },
	{ "8BITMIME", BODY_8BITMIME },
	{ "BINARYMIME", BODY_BINARYMIME },
};

/*
 * -oX: sendmail options. The -oe? error modes are accepted and change
 * nothing (errors always go to stderr and the exit status); every other
 * option letter is ignored, as Postfix does.
 */
static const struct flag o_words[] = {
	{ "db", ARG_NONE, set_int, OFF(queue_only), 0 },
	{ "di", ARG_NONE, set_int, OFF(queue_only), 0 },
	{ "dq", ARG_NONE, set_int, OFF(queue_only), 1 },
	{ "ee", ARG_NONE, set_ignore, 0, 0 },
	{ "em", ARG_NONE, set_ignore, 0, 0 },
	{ "ep", ARG_NONE, set_ignore, 0, 0 },
	{ "eq", ARG_NONE, set_ignore, 0, 0 },
	{ "ew", ARG_NONE, set_ignore, 0, 0 },
	{ "i", ARG_NONE, set_int, OFF(dot_ends_input), 0 },
};

#define NOTIFY_NEVER	1u

/* -N: "never" alone, or any of the others joined by commas. */
static const struct notify_word {
	const char	*word;
	unsigned	 bit;
} notify_words[] = {
	{ "never", NOTIFY_NEVER },
	{ "success", 2 },
	{ "failure", 4 },
	{ "delay", 8 },
};

/* Program names that choose a mode, as with sendmail and Postfix. */
static const struct flag personalities[] = {
	{ "mailq", ARG_NONE, set_mode, 0, MODE_LIST_QUEUE },
	{ "newaliases", ARG_NONE, set_mode, 0, MODE_ALIASES },
};

static const char usage_text[] =
"usage: postie [-itv] [-a account] [-B type] [-b mode] [-C file] [-F name]\n"
"              [-f sender] [-L tag] [-N dsn] [-o option] [-R return]\n"
"              [-V envid] [-X file] [--host=host] [--port=port]\n"
"              [--pretend] [--] [recipient ...]\n"
"       postie [-C file] -q[time] | -I | --queue-run\n"
"       postie [-a account] [-C file] --serverinfo | --diagnose host\n"
"       postie --version | --help\n"
"       mailq\n"
"       newaliases\n";

const char *
cmdline_usage(void)
{
	return usage_text;
}

/* The entry whose label is word[0..len), or NULL. */
static const struct flag *
flag_find(const struct flag *t, size_t n, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(t[i].label) == len &&
		    strncmp(t[i].label, word, len) == 0)
			return &t[i];
	return NULL;
}

static int
set_int(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	*FIELD(o, f, int) = f->val;
	return 0;
}

static int
set_count(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	(*FIELD(o, f, int))++;
	return 0;
}

static int
set_mode(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	o->mode = (enum mode)f->val;
	return 0;
}

static int
set_ignore(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	struct ignored_flag *ig;

	/* Accepted so that callers written for sendmail keep working. */
	if (o->nignored == CMDLINE_IGNORED_MAX)
		return 0;
	ig = &o->ignored[o->nignored++];
	/* The words after -o have labels without the dash. */
	ig->flag = f->label[0] == '-' ? f->label : "-o";
	ig->value = f->label[0] == '-' ? v : f->label;
	return 0;
}

/*
 * A value that may reach an SMTP command, a header or a log line: a line
 * break there would let the caller inject commands or header fields.
 * Argument strings cannot hold NUL, so CR and LF are all there is to check.
 */
static int
check_text(const char *label, const char *v, size_t max, struct err *e)
{
	if (strpbrk(v, "\r\n") != NULL)
		return err_set(e, EX_DATAERR, "%s value contains a line break",
		    label);
	if (max > 0 && strlen(v) > max)
		return err_set(e, EX_USAGE,
		    "%s value is longer than %zu octets", label, max);
	return 0;
}

/* -F: a full name; empty is allowed and means "no name". */
static int
set_name(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	if (check_text(f->label, v, (size_t)f->val, e) == -1)
		return -1;
	*FIELD(o, f, const char *) = v;
	return 0;
}

static int
set_text(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	if (*v == '\0')
		return err_set(e, EX_USAGE, "%s value is empty", f->label);
	return set_name(o, f, v, e);
}

/* -C, -X: file names are the caller's business, line breaks and all. */
static int
set_path(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	if (*v == '\0')
		return err_set(e, EX_USAGE, "%s value is empty", f->label);
	*FIELD(o, f, const char *) = v;
	return 0;
}

/*
 * -f, -r: "<a@b>" and " a@b " give "a@b"; "<>" and "" give the null
 * sender. Only a changed value is copied, into o->sender_buf.
 */
static int
set_sender(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	size_t start, end;

	if (check_text(f->label, v, 0, e) == -1)
		return -1;
	start = strspn(v, " \t");
	end = strlen(v);
	while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
		end--;
	if (end - start >= 2 && v[start] == '<' && v[end - 1] == '>') {
		start++;
		end--;
	}
	if (end - start > (size_t)f->val)
		return err_set(e, EX_USAGE, "%s value is longer than %d octets",
		    f->label, f->val);
	if (start == 0 && v[end] == '\0') {
		o->sender = v;
		return 0;
	}
	memcpy(o->sender_buf, v + start, end - start);
	o->sender_buf[end - start] = '\0';
	o->sender = o->sender_buf;
	return 0;
}

/*
 * An unknown flag goes into the error message: keep that message one line
 * of printable text whatever bytes the caller passed.
 */
static int
unknown_option(const char *prefix, const char *s, size_t len, struct err *e)
{
	char name[64];
	size_t i;

	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	for (i = 0; i < len; i++)
		name[i] = isprint((unsigned char)s[i]) ? s[i] : '?';
	name[len] = '\0';
	return err_set(e, EX_USAGE, "unknown option: %s%s", prefix, name);
}

static int
set_b(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	const struct flag *w;

	if ((w = flag_find(b_words, NITEMS(b_words), v, strlen(v))) == NULL)
		return unknown_option("-b", v, strlen(v), e);
	return w->set(o, w, NULL, e);
}

static int
set_body(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	size_t i;

	for (i = 0; i < NITEMS(body_words); i++)
		if (strcasecmp(body_words[i].word, v) == 0) {
			o->body_type = body_words[i].type;
			return 0;
		}
	return err_set(e, EX_USAGE,
	    "-B value must be 7BIT, 8BITMIME or BINARYMIME");
}

static int
set_o(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	const struct flag *w;

	static const struct flag other = { "-o", ARG_NONE, set_ignore, 0, 0 };

	if ((w = flag_find(o_words, NITEMS(o_words), v, strlen(v))) == NULL)
		return set_ignore(o, &other, v, e);
	return w->set(o, w, NULL, e);
}

static unsigned
notify_bit(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < NITEMS(notify_words); i++)
		if (strlen(notify_words[i].word) == len &&
		    strncasecmp(notify_words[i].word, word, len) == 0)
			return notify_words[i].bit;
	return 0;
}

static int
set_notify(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	const char *p;
	unsigned bit, seen = 0;
	size_t len;

	if (check_text(f->label, v, 0, e) == -1)
		return -1;
	for (p = v;; p += len + 1) {
		len = strcspn(p, ",");
		bit = notify_bit(p, len);
		if (bit == 0 || (seen & bit) != 0)
			goto bad;
		seen |= bit;
		if (p[len] == '\0')
			break;
	}
	if ((seen & NOTIFY_NEVER) != 0 && seen != NOTIFY_NEVER)
		goto bad;
	*FIELD(o, f, const char *) = v;
	return 0;
bad:
	return err_set(e, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay");
}

static int
set_return(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	if (check_text(f->label, v, 0, e) == -1)
		return -1;
	if (strcasecmp(v, "full") != 0 && strcasecmp(v, "hdrs") != 0)
		return err_set(e, EX_USAGE, "-R value must be full or hdrs");
	*FIELD(o, f, const char *) = v;
	return 0;
}

static int
set_port(struct opts *o, const struct flag *f, const char *v, struct err *e)
{
	long port = 0;
	size_t i;

	for (i = 0; isdigit((unsigned char)v[i]) && port <= 65535; i++)
		port = port * 10 + (v[i] - '0');
	if (i == 0 || v[i] != '\0' || port < 1 || port > 65535)
		return err_set(e, EX_USAGE,
		    "--port value must be a number from 1 to 65535");
	*FIELD(o, f, int) = (int)port;
	return 0;
}

static int
set_diagnose(struct opts *o, const struct flag *f, const char *v,
    struct err *e)
{
	if (set_text(o, f, v, e) == -1)
		return -1;
	o->mode = MODE_DIAGNOSE;
	return 0;
}

/*
 * One argument of single-letter flags, as getopt reads it: "-ti" is -t
 * then -i; a flag taking a value takes the rest of the argument ("-fa@b",
 * "-oem") or else the next argument ("-f a@b").
 */
static int
parse_short(struct opts *o, int argc, char **argv, int *i, struct err *e)
{
	const struct flag *f;
	const char *p, *v;
	char name[3] = "-?";

	for (p = argv[*i] + 1; *p != '\0'; p++) {
		name[1] = *p;
		f = flag_find(short_flags, NITEMS(short_flags), name, 2);
		if (f == NULL)
			return unknown_option("", name, 2, e);
		v = NULL;
		if (f->arg == ARG_UNLESS_LAST && p[1] == '\0' &&
		    *i + 1 >= argc)
			return 0;
		if (f->arg == ARG_ATTACHED || (f->arg != ARG_NONE &&
		    p[1] != '\0'))
			v = p + 1;
		else if (f->arg != ARG_NONE) {
			if (*i + 1 >= argc)
				return err_set(e, EX_USAGE,
				    "option %s needs a value", f->label);
			v = argv[++*i];
		}
		if (f->set(o, f, v, e) == -1)
			return -1;
		if (v != NULL)
			break;
	}
	return 0;
}

/* "--name", "--name=value" or "--name value". */
static int
parse_long(struct opts *o, int argc, char **argv, int *i, struct err *e)
{
	const struct flag *f;
	const char *a = argv[*i], *v = NULL;
	size_t len;

	len = strcspn(a, "=");
	if ((f = flag_find(long_flags, NITEMS(long_flags), a, len)) == NULL)
		return unknown_option("", a, len, e);
	if (a[len] == '=') {
		if (f->arg == ARG_NONE)
			return err_set(e, EX_USAGE, "option %s takes no value",
			    f->label);
		v = a + len + 1;
	} else if (f->arg == ARG_REQUIRED) {
		if (*i + 1 >= argc)
			return err_set(e, EX_USAGE, "option %s needs a value",
			    f->label);
		v = argv[++*i];
	}
	return f->set(o, f, v, e);
}

/* Defaults, and the mode implied by the name the program was run as. */
static void
opts_init(struct opts *o, int argc, char **argv)
{
	const struct flag *f;
	const char *name = "postie", *slash;

	memset(o, 0, sizeof(*o));
	o->mode = MODE_DELIVER;
	o->dot_ends_input = 1;
	o->body_type = BODY_UNSET;
	if (argc > 0 && argv[0] != NULL && argv[0][0] != '\0') {
		name = argv[0];
		if ((slash = strrchr(name, '/')) != NULL && slash[1] != '\0')
			name = slash + 1;
	}
	o->progname = name;
	f = flag_find(personalities, NITEMS(personalities), name, strlen(name));
	if (f != NULL)
		o->mode = (enum mode)f->val;
}

static int
take_recipients(struct opts *o, int argc, char **argv, int first,
    struct err *e)
{
	int i;

	for (i = first; i < argc; i++)
		if (strpbrk(argv[i], "\r\n") != NULL)
			return err_set(e, EX_DATAERR,
			    "recipient argument %d contains a line break",
			    i - first + 1);
	o->recipients = argv + first;
	o->nrecipients = (size_t)(argc - first);
	return 0;
}

int
cmdline_parse(struct opts *o, int argc, char **argv, struct err *e)
{
	int i, rc;

	err_clear(e);
	opts_init(o, argc, argv);
	for (i = argc > 0 ? 1 : 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		/* The first non-option ends the options; "-" is not one. */
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			break;
		if (argv[i][1] == '-')
			rc = parse_long(o, argc, argv, &i, e);
		else
			rc = parse_short(o, argc, argv, &i, e);
		if (rc == -1)
			return -1;
	}
	return take_recipients(o, argc, argv, i, e);
}
