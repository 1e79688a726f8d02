/*
 * cmdline_parse: every SPEC flag, the exact argv of real callers, the
 * personalities, and the errors. Each parse result is turned into a short
 * canonical text (only what differs from the defaults) and compared.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cmdline.h"
#include "err.h"
#include "t.h"

#define MAXARGS	16

struct tcase {
	const char	*label;
	const char	*argv[MAXARGS];	/* argv[0] first, NULL-terminated */
	int		 ex;		/* 0: parse succeeds */
	const char	*want;		/* description, or the error message */
};

static const char *mode_names[] = {
	"deliver", "smtp", "list-queue", "aliases", "verify", "flush",
	"queue-run", "serverinfo", "diagnose", "version", "help"
};

static const char *body_names[] = { "", "7BIT", "8BITMIME", "BINARYMIME" };

static const struct tcase cases[] = {
	/* The exact arguments of real callers (samples table). */
	{ "php mail() default", { "sendmail", "-t", "-i" }, 0, "-t -i" },
	{ "php-mail-1 no arguments", { "sendmail" }, 0, "" },
	{ "php-mail-2", { "sendmail", "-f", "bounce@example.com", "-F",
	    "Joe Q" }, 0, "f=<bounce@example.com> F=[Joe Q]" },
	{ "git-send-email-1", { "sendmail", "-i", "alice@example.org",
	    "carol@example.org", "tester@example.com", "bcc@example.org" }, 0,
	    "-i rcpt=[alice@example.org][carol@example.org]"
	    "[tester@example.com][bcc@example.org]" },
	{ "git-send-email-2", { "sendmail", "-v", "-f", "bounces@example.com",
	    "-i", "alice@example.org", "tester@example.com" }, 0,
	    "-i v=1 f=<bounces@example.com> "
	    "rcpt=[alice@example.org][tester@example.com]" },
	{ "mutt-1", { "sendmail", "-oem", "-oi", "--", "alice@example.org",
	    "bob@example.net", "carol@example.org", "bcc@example.org" }, 0,
	    "-i rcpt=[alice@example.org][bob@example.net]"
	    "[carol@example.org][bcc@example.org]" },
	{ "mutt-2", { "sendmail", "-oem", "-oi", "-f", "sender@example.com",
	    "-N", "failure,delay", "-R", "hdrs", "--", "alice@example.org" },
	    0, "-i f=<sender@example.com> N=failure,delay R=hdrs "
	    "rcpt=[alice@example.org]" },
	{ "neomutt-1", { "sendmail", "-oem", "-oi", "-B8BITMIME", "-f",
	    "sender@example.com", "--", "alice@example.org",
	    "carol@example.org", "bcc@example.org" }, 0,
	    "-i f=<sender@example.com> B=8BITMIME rcpt=[alice@example.org]"
	    "[carol@example.org][bcc@example.org]" },
	{ "neomutt-2", { "sendmail", "--", "alice@example.org" }, 0,
	    "rcpt=[alice@example.org]" },
	{ "s-nail-1", { "sendmail", "-i", "-F", "Sender Name", "-f",
	    "sender@example.com", "--", "alice@example.org", "bob@example.net",
	    "carol@example.org", "bcc@example.org" }, 0,
	    "-i f=<sender@example.com> F=[Sender Name] "
	    "rcpt=[alice@example.org][bob@example.net][carol@example.org]"
	    "[bcc@example.org]" },
	{ "s-nail-2", { "sendmail", "-i", "-m", "-v", "--",
	    "alice@example.org" }, 0, "-i v=1 rcpt=[alice@example.org]" },
	{ "bsd-mailx-1", { "sendmail", "-i", "-t", "-f",
	    "sender@example.com" }, 0, "-t -i f=<sender@example.com>" },
	{ "bsd-mailx-2", { "sendmail", "-i", "-t" }, 0, "-t -i" },
	{ "mail.mailutils-1", { "sendmail", "-oi", "-f", "Sender", "-t" }, 0,
	    "-t -i f=<Sender>" },
	{ "mail.mailutils-2", { "sendmail", "-oi", "-f",
	    "sender@example.com", "-t" }, 0, "-t -i f=<sender@example.com>" },
	{ "sudo-1", { "sendmail", "-t" }, 0, "-t" },
	{ "sudo-2", { "sendmail", "-t", "-oi" }, 0, "-t -i" },
	{ "cron-1", { "sendmail", "-FCronDaemon", "-i", "-B8BITMIME", "-oem",
	    "carol" }, 0, "-i F=[CronDaemon] B=8BITMIME rcpt=[carol]" },
	{ "cron-2", { "sendmail", "-FCronDaemon", "-i", "-B8BITMIME", "-oem",
	    "alice@example.org,bob@example.net" }, 0,
	    "-i F=[CronDaemon] B=8BITMIME "
	    "rcpt=[alice@example.org,bob@example.net]" },
	{ "anacron-1", { "sendmail", "-FAnacron", "-odi",
	    "alice@example.org" }, 0, "F=[Anacron] rcpt=[alice@example.org]" },
	{ "atd-1", { "sendmail", "-i", "root" }, 0, "-i rcpt=[root]" },
	{ "systemd-cron-1", { "sendmail", "-i", "-B8BITMIME",
	    "alice@example.org" }, 0,
	    "-i B=8BITMIME rcpt=[alice@example.org]" },
	{ "unattended-upgrades-1", { "sendmail", "-oi", "-t" }, 0, "-t -i" },
	{ "logwatch-1", { "sendmail", "-t" }, 0, "-t" },
	{ "mime-lite-1", { "sendmail", "-t", "-oi", "-oem",
	    "-fsender@example.com" }, 0, "-t -i f=<sender@example.com>" },
	{ "mime-lite-2: bare trailing -X ignored", { "sendmail", "-t", "-oi",
	    "-oem", "-X" }, 0, "-t -i" },
	{ "-X takes the next argument, as getopt does", { "sendmail", "-X",
	    "-t" }, 0, "X=-t" },
	{ "rss2email-1", { "sendmail", "-C", "msmtprc", "-F", "Feed Bot", "-f",
	    "rss@example.com", "alice@example.org" }, 0,
	    "f=<rss@example.com> F=[Feed Bot] C=msmtprc "
	    "rcpt=[alice@example.org]" },
	{ "mime-construct-1", { "sendmail", "-oi", "logcheck" }, 0,
	    "-i rcpt=[logcheck]" },
	{ "nodemailer-1", { "sendmail", "-i", "-f", "node@example.com",
	    "alice@example.org", "bcc@example.org" }, 0,
	    "-i f=<node@example.com> "
	    "rcpt=[alice@example.org][bcc@example.org]" },

	/* -f and -r: the envelope sender. */
	{ "-f attached", { "sendmail", "-fa@b" }, 0, "f=<a@b>" },
	{ "-r separate", { "sendmail", "-r", "a@b" }, 0, "f=<a@b>" },
	{ "-r attached", { "sendmail", "-ra@b" }, 0, "f=<a@b>" },
	{ "-f <a@b>", { "sendmail", "-f", "<a@b>" }, 0, "f=<a@b>" },
	{ "-f<a@b>", { "sendmail", "-f<a@b>" }, 0, "f=<a@b>" },
	{ "-f ' <a@b> '", { "sendmail", "-f", " <a@b> " }, 0, "f=<a@b>" },
	{ "-f <>", { "sendmail", "-f", "<>" }, 0, "f=<>" },
	{ "-f ''", { "sendmail", "-f", "" }, 0, "f=<>" },
	{ "-f last one wins", { "sendmail", "-f", "a@b", "-r", "c@d" }, 0,
	    "f=<c@d>" },
	{ "-f takes a dash value", { "sendmail", "-f", "-t" }, 0, "f=<-t>" },

	/* -F */
	{ "-F separate", { "sendmail", "-F", "Joe Q" }, 0, "F=[Joe Q]" },
	{ "-F attached", { "sendmail", "-FJoe" }, 0, "F=[Joe]" },
	{ "-F ''", { "sendmail", "-F", "" }, 0, "F=[]" },

	/* -N, -R, -V */
	{ "-N never", { "sendmail", "-N", "never" }, 0, "N=never" },
	{ "-Nsuccess,failure", { "sendmail", "-Nsuccess,failure" }, 0,
	    "N=success,failure" },
	{ "-N all three, any case", { "sendmail", "-N",
	    "SUCCESS,Failure,delay" }, 0, "N=SUCCESS,Failure,delay" },
	{ "-N never with others", { "sendmail", "-N", "never,success" },
	    EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-N unknown word", { "sendmail", "-N", "sometimes" }, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-N empty item", { "sendmail", "-N", "success,,delay" }, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-N trailing comma", { "sendmail", "-N", "success," }, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-N twice the same", { "sendmail", "-N", "delay,delay" }, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-N empty", { "sendmail", "-N", "" }, EX_USAGE,
	    "-N value must be never or a list of success, failure, delay" },
	{ "-R full", { "sendmail", "-R", "full" }, 0, "R=full" },
	{ "-RHDRS", { "sendmail", "-RHDRS" }, 0, "R=HDRS" },
	{ "-R other", { "sendmail", "-R", "body" }, EX_USAGE,
	    "-R value must be full or hdrs" },
	{ "-V envid", { "sendmail", "-V", "QQ314159" }, 0, "V=QQ314159" },
	{ "-Venvid", { "sendmail", "-Vid1" }, 0, "V=id1" },

	/* Files, tag, account */
	{ "-C file", { "sendmail", "-C", "/etc/x.conf" }, 0, "C=/etc/x.conf" },
	{ "-Cfile", { "sendmail", "-Cx.conf" }, 0, "C=x.conf" },
	{ "-C ''", { "sendmail", "-C", "" }, EX_USAGE, "-C value is empty" },
	{ "-X file", { "sendmail", "-X", "t.log" }, 0, "X=t.log" },
	{ "-L tag", { "sendmail", "-L", "backup" }, 0, "L=backup" },
	{ "-a name", { "sendmail", "-a", "work" }, 0, "a=work" },
	{ "-aname", { "sendmail", "-awork" }, 0, "a=work" },

	/* -o family */
	{ "-oi", { "sendmail", "-oi" }, 0, "-i" },
	{ "-o i separate", { "sendmail", "-o", "i" }, 0, "-i" },
	{ "-oem -oep -oeq -oew -oee", { "sendmail", "-oem", "-oep", "-oeq",
	    "-oew", "-oee" }, 0, "" },
	{ "-odb", { "sendmail", "-odb" }, 0, "" },
	{ "-odi", { "sendmail", "-odi" }, 0, "" },
	{ "-odq", { "sendmail", "-odq" }, 0, "odq" },
	{ "-odq then -odi", { "sendmail", "-odq", "-odi" }, 0, "" },
	{ "-o other ignored", { "sendmail", "-oQ/var/spool/mqueue", "-om",
	    "-o7", "-odd" }, 0, "" },
	{ "-o without value", { "sendmail", "-o" }, EX_USAGE,
	    "option -o needs a value" },

	/* -b family */
	{ "-bm", { "sendmail", "-bm" }, 0, "" },
	{ "-bs", { "sendmail", "-bs" }, 0, "mode=smtp" },
	{ "-bp", { "sendmail", "-bp" }, 0, "mode=list-queue" },
	{ "-bi", { "sendmail", "-bi" }, 0, "mode=aliases" },
	{ "-bv", { "sendmail", "-bv", "a@b" }, 0, "mode=verify rcpt=[a@b]" },
	{ "-b p separate", { "sendmail", "-b", "p" }, 0, "mode=list-queue" },
	{ "-bd refused", { "sendmail", "-bd" }, EX_USAGE,
	    "unknown option: -bd" },
	{ "-bpx refused", { "sendmail", "-bpx" }, EX_USAGE,
	    "unknown option: -bpx" },
	{ "-b with a control byte", { "sendmail", "-bp\n" }, EX_USAGE,
	    "unknown option: -bp?" },
	{ "-b without value", { "sendmail", "-b" }, EX_USAGE,
	    "option -b needs a value" },

	/* -B */
	{ "-B7BIT", { "sendmail", "-B7BIT" }, 0, "B=7BIT" },
	{ "-B8BITMIME", { "sendmail", "-B8BITMIME" }, 0, "B=8BITMIME" },
	{ "-BBINARYMIME", { "sendmail", "-BBINARYMIME" }, 0, "B=BINARYMIME" },
	{ "-B 8bitmime separate, lower case", { "sendmail", "-B",
	    "8bitmime" }, 0, "B=8BITMIME" },
	{ "-B other", { "sendmail", "-B9BIT" }, EX_USAGE,
	    "-B value must be 7BIT, 8BITMIME or BINARYMIME" },

	/* Queue flush */
	{ "-q", { "sendmail", "-q" }, 0, "mode=flush" },
	{ "-q30m", { "sendmail", "-q30m" }, 0, "mode=flush" },
	{ "-qf", { "sendmail", "-qf" }, 0, "mode=flush" },
	{ "-I", { "sendmail", "-I" }, 0, "mode=flush" },
	{ "-q takes nothing separate", { "sendmail", "-q", "30m" }, 0,
	    "mode=flush rcpt=[30m]" },

	/* Simple flags, clusters */
	{ "-t -i -v", { "sendmail", "-t", "-i", "-v" }, 0, "-t -i v=1" },
	{ "-v -v", { "sendmail", "-v", "-v" }, 0, "v=2" },
	{ "-vvv", { "sendmail", "-vvv" }, 0, "v=3" },
	{ "-ti", { "sendmail", "-ti" }, 0, "-t -i" },
	{ "-tif a@b", { "sendmail", "-tif", "a@b" }, 0, "-t -i f=<a@b>" },
	{ "-tfa@b", { "sendmail", "-tfa@b" }, 0, "-t f=<a@b>" },
	{ "-toi", { "sendmail", "-toi" }, 0, "-t -i" },

	/* Ignored flags */
	{ "-Am -Ac", { "sendmail", "-Am", "-Ac" }, 0, "" },
	{ "-A m separate", { "sendmail", "-A", "m", "x@y" }, 0, "rcpt=[x@y]" },
	{ "-G -U -n -m -s", { "sendmail", "-G", "-U", "-n", "-m", "-s" }, 0,
	    "" },
	{ "-d and -d0.1", { "sendmail", "-d", "-d0.1" }, 0, "" },
	{ "-d takes nothing separate", { "sendmail", "-d", "x@y" }, 0,
	    "rcpt=[x@y]" },
	{ "-h N", { "sendmail", "-h", "17", "x@y" }, 0, "rcpt=[x@y]" },
	{ "-hN", { "sendmail", "-h17" }, 0, "" },
	{ "-O opt=val", { "sendmail", "-O", "DeliveryMode=b", "x@y" }, 0,
	    "rcpt=[x@y]" },
	{ "-Oopt=val", { "sendmail", "-ODeliveryMode=b" }, 0, "" },
	{ "-h without value", { "sendmail", "-h" }, EX_USAGE,
	    "option -h needs a value" },

	/* Long options */
	{ "--account=NAME", { "postie", "--account=work" }, 0, "a=work" },
	{ "--account NAME", { "postie", "--account", "work" }, 0, "a=work" },
	{ "--account=", { "postie", "--account=" }, EX_USAGE,
	    "--account value is empty" },
	{ "--account alone", { "postie", "--account" }, EX_USAGE,
	    "option --account needs a value" },
	{ "--host=H", { "postie", "--host=smtp.example.com" }, 0,
	    "host=smtp.example.com" },
	{ "--host H", { "postie", "--host", "unix:/run/s" }, 0,
	    "host=unix:/run/s" },
	{ "--port=587", { "postie", "--port=587" }, 0, "port=587" },
	{ "--port 1", { "postie", "--port", "1" }, 0, "port=1" },
	{ "--port=65535", { "postie", "--port=65535" }, 0, "port=65535" },
	{ "--port=0", { "postie", "--port=0" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--port=65536", { "postie", "--port=65536" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--port=99999999999999999999", { "postie",
	    "--port=99999999999999999999" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--port=25x", { "postie", "--port=25x" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--port=-1", { "postie", "--port=-1" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--port=", { "postie", "--port=" }, EX_USAGE,
	    "--port value must be a number from 1 to 65535" },
	{ "--serverinfo", { "postie", "--serverinfo" }, 0, "mode=serverinfo" },
	{ "--diagnose HOST", { "postie", "--diagnose", "mx.example.org" }, 0,
	    "mode=diagnose diag=mx.example.org" },
	{ "--diagnose=HOST", { "postie", "--diagnose=mx.example.org" }, 0,
	    "mode=diagnose diag=mx.example.org" },
	{ "--diagnose alone", { "postie", "--diagnose" }, EX_USAGE,
	    "option --diagnose needs a value" },
	{ "--pretend", { "postie", "--pretend", "a@b" }, 0,
	    "pretend rcpt=[a@b]" },
	{ "--pretend=yes", { "postie", "--pretend=yes" }, EX_USAGE,
	    "option --pretend takes no value" },
	{ "--queue-run", { "postie", "--queue-run" }, 0, "mode=queue-run" },
	{ "--version", { "postie", "--version" }, 0, "mode=version" },
	{ "--help", { "postie", "--help" }, 0, "mode=help" },
	{ "--bogus", { "postie", "--bogus" }, EX_USAGE,
	    "unknown option: --bogus" },
	{ "--bogus=1", { "postie", "--bogus=1" }, EX_USAGE,
	    "unknown option: --bogus" },
	{ "no abbreviations", { "postie", "--hos=x" }, EX_USAGE,
	    "unknown option: --hos" },

	/* Where options end */
	{ "-- ends options", { "sendmail", "-t", "--", "-i", "a@b" }, 0,
	    "-t rcpt=[-i][a@b]" },
	{ "-- alone", { "sendmail", "--" }, 0, "" },
	{ "first recipient ends options", { "sendmail", "a@x", "-f", "b" }, 0,
	    "rcpt=[a@x][-f][b]" },
	{ "lone - is a recipient", { "sendmail", "-", "-t" }, 0,
	    "rcpt=[-][-t]" },

	/* Unknown flags, missing values */
	{ "unknown -k", { "sendmail", "-k" }, EX_USAGE, "unknown option: -k" },
	{ "unknown in a cluster", { "sendmail", "-tk" }, EX_USAGE,
	    "unknown option: -k" },
	{ "unknown control byte", { "sendmail", "-\a" }, EX_USAGE,
	    "unknown option: -?" },
	{ "-f without value", { "sendmail", "-f" }, EX_USAGE,
	    "option -f needs a value" },
	{ "-F without value", { "sendmail", "-i", "-F" }, EX_USAGE,
	    "option -F needs a value" },
	{ "-N without value", { "sendmail", "-N" }, EX_USAGE,
	    "option -N needs a value" },
	{ "-C without value", { "sendmail", "-t", "-C" }, EX_USAGE,
	    "option -C needs a value" },

	/* Line breaks: exit 65, naming the flag */
	{ "CRLF in -f", { "sendmail", "-f", "a@b>\r\nRCPT TO:<x@y" },
	    EX_DATAERR, "-f value contains a line break" },
	{ "LF in -fADDR", { "sendmail", "-fa@b\nx" }, EX_DATAERR,
	    "-f value contains a line break" },
	{ "CR in -r", { "sendmail", "-r", "a@b\r" }, EX_DATAERR,
	    "-r value contains a line break" },
	{ "LF in -F", { "sendmail", "-F", "Joe\nBcc: x@y" }, EX_DATAERR,
	    "-F value contains a line break" },
	{ "LF in -N", { "sendmail", "-N", "never\n" }, EX_DATAERR,
	    "-N value contains a line break" },
	{ "CR in -R", { "sendmail", "-R", "full\r" }, EX_DATAERR,
	    "-R value contains a line break" },
	{ "CR in -V", { "sendmail", "-V", "a\rb" }, EX_DATAERR,
	    "-V value contains a line break" },
	{ "LF in -a", { "sendmail", "-a", "a\nb" }, EX_DATAERR,
	    "-a value contains a line break" },
	{ "LF in -L", { "sendmail", "-L", "tag\n" }, EX_DATAERR,
	    "-L value contains a line break" },
	{ "LF in --host", { "postie", "--host=a\nb" }, EX_DATAERR,
	    "--host value contains a line break" },
	{ "LF in --diagnose", { "postie", "--diagnose", "a\nb" }, EX_DATAERR,
	    "--diagnose value contains a line break" },
	{ "CRLF in a recipient", { "sendmail", "a@b",
	    "c@d\r\nDATA" }, EX_DATAERR,
	    "recipient argument 2 contains a line break" },

	/* Personalities, and flags that change them */
	{ "mailq", { "mailq" }, 0, "mode=list-queue" },
	{ "/usr/bin/mailq", { "/usr/bin/mailq" }, 0, "mode=list-queue" },
	{ "newaliases", { "/usr/bin/newaliases" }, 0, "mode=aliases" },
	{ "/usr/sbin/sendmail", { "/usr/sbin/sendmail" }, 0, "" },
	{ "any other name", { "/opt/bin/mailer" }, 0, "" },
	{ "mailq -bm", { "mailq", "-bm" }, 0, "" },
	{ "newaliases -bp", { "newaliases", "-bp" }, 0, "mode=list-queue" },
	{ "last mode wins", { "postie", "-bp", "-q", "--serverinfo" }, 0,
	    "mode=serverinfo" },
};

/* Appends " pre" + s + post, without the space at the start. */
static void
add(char *buf, size_t len, const char *pre, const char *s, const char *post)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s%s%s", n > 0 ? " " : "", pre, s, post);
}

/* Only what differs from the defaults, in a fixed order. */
static void
describe(const struct opts *o, char *buf, size_t len)
{
	char num[32];
	size_t i, n;

	buf[0] = '\0';
	if (o->mode != MODE_DELIVER)
		add(buf, len, "mode=", mode_names[o->mode], "");
	if (o->read_recipients)
		add(buf, len, "-t", "", "");
	if (!o->dot_ends_input)
		add(buf, len, "-i", "", "");
	if (o->queue_only)
		add(buf, len, "odq", "", "");
	snprintf(num, sizeof(num), "%d", o->verbose);
	if (o->verbose)
		add(buf, len, "v=", num, "");
	if (o->pretend)
		add(buf, len, "pretend", "", "");
	if (o->sender)
		add(buf, len, "f=<", o->sender, ">");
	if (o->full_name)
		add(buf, len, "F=[", o->full_name, "]");
	if (o->body_type != BODY_UNSET)
		add(buf, len, "B=", body_names[o->body_type], "");
	if (o->dsn_notify)
		add(buf, len, "N=", o->dsn_notify, "");
	if (o->dsn_return)
		add(buf, len, "R=", o->dsn_return, "");
	if (o->dsn_envid)
		add(buf, len, "V=", o->dsn_envid, "");
	if (o->config_file)
		add(buf, len, "C=", o->config_file, "");
	if (o->transcript_file)
		add(buf, len, "X=", o->transcript_file, "");
	if (o->syslog_tag)
		add(buf, len, "L=", o->syslog_tag, "");
	if (o->account)
		add(buf, len, "a=", o->account, "");
	if (o->host)
		add(buf, len, "host=", o->host, "");
	snprintf(num, sizeof(num), "%d", o->port);
	if (o->port)
		add(buf, len, "port=", num, "");
	if (o->diagnose_host)
		add(buf, len, "diag=", o->diagnose_host, "");
	for (i = 0; i < o->nrecipients; i++) {
		n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s[%s]",
		    i == 0 && n > 0 ? " " : "", i == 0 ? "rcpt=" : "",
		    o->recipients[i]);
	}
}

/* Copies a table argv into writable strings, as the kernel gives them. */
static int
make_argv(const char *const *in, char **out)
{
	int n;

	for (n = 0; n < MAXARGS - 1 && in[n] != NULL; n++)
		if ((out[n] = strdup(in[n])) == NULL) {
			perror("strdup");
			exit(99);
		}
	out[n] = NULL;
	return n;
}

static void
free_argv(char **v)
{
	for (; *v != NULL; v++)
		free(*v);
}

static void
run_case(const struct tcase *c)
{
	struct opts o;
	struct err e;
	char *av[MAXARGS], got[2048], label[256];
	int ac, rc;

	ac = make_argv(c->argv, av);
	rc = cmdline_parse(&o, ac, av, &e);
	if (c->ex == 0) {
		describe(&o, got, sizeof(got));
		snprintf(label, sizeof(label), "%s: parses", c->label);
		T_CHECK(label, rc == 0);
		if (rc == -1)
			printf("  error: %d %s\n", e.ex, e.msg);
		T_STREQ(c->label, got, c->want);
	} else {
		snprintf(label, sizeof(label), "%s: exit %d", c->label, c->ex);
		T_CHECK(label, rc == -1 && e.ex == c->ex);
		T_STREQ(c->label, rc == -1 ? e.msg : "(parsed)", c->want);
	}
	free_argv(av);
}

static const struct {
	const char	*argv0;
	const char	*progname;
} prognames[] = {
	{ "sendmail", "sendmail" },
	{ "/usr/sbin/sendmail", "sendmail" },
	{ "/usr/bin/mailq", "mailq" },
	{ "newaliases", "newaliases" },
	{ "./postie", "postie" },
	{ "", "postie" },
};

static void
test_prognames(void)
{
	struct opts o;
	struct err e;
	char *av[2];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(prognames) / sizeof(prognames[0]); i++) {
		const char *in[2] = { prognames[i].argv0, NULL };

		make_argv(in, av);
		rc = cmdline_parse(&o, 1, av, &e);
		T_CHECK(prognames[i].argv0, rc == 0);
		T_STREQ(prognames[i].argv0, o.progname, prognames[i].progname);
		free_argv(av);
	}
	av[0] = NULL;
	rc = cmdline_parse(&o, 0, av, &e);
	T_CHECK("argc 0", rc == 0 && o.nrecipients == 0 &&
	    o.mode == MODE_DELIVER && o.dot_ends_input == 1);
	T_STREQ("argc 0: progname", o.progname, "postie");
}

/* Values at and just past their limit, made at run time. */
static const struct {
	const char	*flag;
	size_t		 len;
	const char	*wrap;		/* "<>" to put the value in brackets */
	int		 ex;
	const char	*msg;
} lengths[] = {
	{ "-f", 998, "", 0, NULL },
	{ "-f", 999, "", EX_USAGE, "-f value is longer than 998 octets" },
	{ "-f", 998, "<>", 0, NULL },
	{ "-f", 999, "<>", EX_USAGE, "-f value is longer than 998 octets" },
	{ "-r", 999, "", EX_USAGE, "-r value is longer than 998 octets" },
	{ "-F", 998, "", 0, NULL },
	{ "-F", 999, "", EX_USAGE, "-F value is longer than 998 octets" },
	{ "-V", 100, "", 0, NULL },
	{ "-V", 101, "", EX_USAGE, "-V value is longer than 100 octets" },
	{ "--host", 255, "", 0, NULL },
	{ "--host", 256, "", EX_USAGE,
	    "--host value is longer than 255 octets" },
};

static void
test_lengths(void)
{
	struct opts o;
	struct err e;
	const char *in[4];
	char *av[4], label[64], *val;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		n = lengths[i].len;
		if ((val = malloc(n + 3)) == NULL)
			exit(99);
		memset(val, 'x', n + 2);
		val[n + 2] = '\0';
		if (lengths[i].wrap[0] != '\0') {
			val[0] = '<';
			val[n + 1] = '>';
		} else
			val[n] = '\0';
		in[0] = "postie";
		in[1] = lengths[i].flag;
		in[2] = val;
		in[3] = NULL;
		make_argv(in, av);
		rc = cmdline_parse(&o, 3, av, &e);
		snprintf(label, sizeof(label), "%s with %zu octets%s",
		    lengths[i].flag, n, lengths[i].wrap[0] ? " in <>" : "");
		if (lengths[i].ex == 0)
			T_CHECK(label, rc == 0);
		else {
			T_CHECK(label, rc == -1 && e.ex == lengths[i].ex);
			T_STREQ(label, e.msg, lengths[i].msg);
		}
		free_argv(av);
		free(val);
	}
}

/* A plain -f value is used in place; a bracketed one is copied. */
static void
test_sender_storage(void)
{
	struct opts o;
	struct err e;
	char *av[4];
	const char *plain[] = { "postie", "-f", "a@b", NULL };
	const char *angle[] = { "postie", "-f", "<a@b>", NULL };

	make_argv(plain, av);
	T_CHECK("-f a@b points into argv",
	    cmdline_parse(&o, 3, av, &e) == 0 && o.sender == av[2]);
	free_argv(av);
	make_argv(angle, av);
	T_CHECK("-f <a@b> is copied",
	    cmdline_parse(&o, 3, av, &e) == 0 && o.sender == o.sender_buf);
	T_STREQ("-f <a@b> value", o.sender, "a@b");
	free_argv(av);
}

/* Ignored flags are remembered for -v, with their arguments. */
static void
test_ignored(void)
{
	const char *args[] = { "sendmail", "-m", "-h", "10", "-oQ/var/spool",
	    "-oem", "-oi", "a@b", NULL };
	struct opts o;
	struct err e;
	char *av[9];

	make_argv(args, av);
	T_CHECK("ignored: parsed", cmdline_parse(&o, 8, av, &e) == 0);
	T_CHECK("ignored: four, -oi is not", o.nignored == 4);
	T_STREQ("ignored: -m", o.ignored[0].flag, "-m");
	T_CHECK("ignored: -m has no value", o.ignored[0].value == NULL);
	T_STREQ("ignored: -h", o.ignored[1].flag, "-h");
	T_STREQ("ignored: -h 10", o.ignored[1].value, "10");
	T_STREQ("ignored: -oQ", o.ignored[2].flag, "-o");
	T_STREQ("ignored: -oQ value", o.ignored[2].value, "Q/var/spool");
	T_STREQ("ignored: -oem", o.ignored[3].value, "em");
	free_argv(av);
}

static void
test_usage(void)
{
	static const char *const words[] = {
		"usage: postie ", "[-itv]", "[-a account]", "[-B type]",
		"[-b mode]", "[-C file]", "[-F name]", "[-f sender]",
		"[-L tag]", "[-N dsn]", "[-o option]", "[-R return]",
		"[-V envid]", "[-X file]", "[--host=host]", "[--port=port]",
		"[--pretend]", "[recipient ...]", "-q[time]", "--queue-run",
		"--serverinfo", "--diagnose host", "--version", "--help",
		"mailq", "newaliases"
	};
	const char *u = cmdline_usage();
	char label[64];
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		snprintf(label, sizeof(label), "usage mentions %s", words[i]);
		T_CHECK(label, strstr(u, words[i]) != NULL);
	}
	T_CHECK("usage ends with a newline", u[strlen(u) - 1] == '\n');
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	test_prognames();
	test_lengths();
	test_sender_storage();
	test_ignored();
	test_usage();
	return t_done();
}
