/*
 * queue.c and queue_env.c: the envelope text (round trip, what is
 * refused), the directory checks, add/list/lock/update/remove/fail on a
 * real directory, locks across processes and after a holder is killed,
 * the retry schedule, the mailq listing, writes that fail (nothing left
 * behind), and dead.letter as mbox.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmdline.h"
#include "err.h"
#include "queue.h"
#include "spool.h"
#include "t.h"

#define MSG	"From: a@example.org\nSubject: hi\n\nline 1\n\nFrom the body\n"
#define MSG_CRLF \
	"From: a@example.org\r\nSubject: hi\r\n\r\nline 1\r\n\r\nFrom the body\r\n"

static char top[128];		/* this run's temporary directory */

/* ---- helpers ---- */

static struct spool *
spool_of(const char *text)
{
	char path[256];
	struct spool *sp = NULL;
	struct err e;
	size_t len = strlen(text);
	int fd;

	snprintf(path, sizeof(path), "%s/in.XXXXXX", top);
	if ((fd = mkstemp(path)) == -1)
		return NULL;
	(void)unlink(path);
	if (write(fd, text, len) != (ssize_t)len ||
	    lseek(fd, 0, SEEK_SET) == -1 ||
	    spool_read(&sp, fd, 0, &e) == -1)
		sp = NULL;
	close(fd);
	return sp;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[512];
	ssize_t n;
	int fd;

	*len = 0;
	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	*len = b.len;
	return b.data != NULL ? b.data : strdup("");
}

static char *
spool_bytes(struct spool *sp, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[5];
	struct err e;
	ssize_t n;

	spool_rewind(sp, &e);
	while ((n = spool_read_message(sp, chunk, sizeof(chunk), &e)) > 0)
		buf_add(&b, chunk, (size_t)n);
	*len = b.len;
	return b.data != NULL ? b.data : strdup("");
}

/* The names in dir, sorted, joined with ","; "failed" left out. */
static char *
names_in(const char *dir)
{
	struct dirent **v;
	struct buf b = BUF_INIT;
	int n, i;

	if ((n = scandir(dir, &v, NULL, alphasort)) == -1)
		return strdup("(none)");
	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0 &&
		    strcmp(v[i]->d_name, "failed") != 0)
			buf_printf(&b, "%s%s", b.len ? "," : "", v[i]->d_name);
		free(v[i]);
	}
	free(v);
	return b.data != NULL ? b.data : strdup("");
}

static unsigned
mode_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? (unsigned)st.st_mode & 07777 : 01;
}

static void
make_dir(char *out, size_t cap, const char *name, mode_t mode)
{
	snprintf(out, cap, "%s/%s", top, name);
	(void)mkdir(out, 0700);
	(void)chmod(out, mode);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	if (flag == FTW_DP)
		(void)chmod(path, 0700);
	return remove(path) == -1 ? 0 : 0;
}

/* A queue entry with fixed values; strings are the caller's. */
static void
entry_init(struct queue_entry *q, char **rcpts, size_t n)
{
	memset(q, 0, sizeof(*q));
	q->account = (char *)(uintptr_t)"work";
	q->sender = (char *)(uintptr_t)"alice@example.org";
	q->rcpts = rcpts;
	q->nrcpts = n;
	q->created = 1000;
	q->next_attempt = 1060;
	q->attempts = 1;
	q->last_error = (char *)(uintptr_t)"421 4.7.0 try later";
}

/* ---- the envelope text ---- */

/* One line that says everything the parser produced. */
static void
summary(const struct queue_entry *q, char *out, size_t cap)
{
	struct buf r = BUF_INIT;
	size_t i;

	for (i = 0; i < q->nrcpts; i++)
		buf_printf(&r, "%s%s", i ? "|" : "", q->rcpts[i]);
	snprintf(out, cap, "acct=%s from=%s to=%s notify=%s ret=%s envid=%s "
	    "body=%d 8bit=%d created=%lld next=%lld attempts=%d err=%s",
	    q->account ? q->account : "-", q->sender, r.data ? r.data : "",
	    q->dsn_notify ? q->dsn_notify : "-",
	    q->dsn_return ? q->dsn_return : "-",
	    q->dsn_envid ? q->dsn_envid : "-", q->body_type, q->eightbit,
	    (long long)q->created, (long long)q->next_attempt, q->attempts,
	    q->last_error ? q->last_error : "-");
	buf_free(&r);
}

#define V1	"postie-queue-version: 1\n"
#define BASE	V1 "created: 5\nsender: s@x\nrecipient: r@x\n"

struct parse_case {
	const char	*label;
	const char	*text;
	const char	*want;	/* summary, or NULL for an error */
	const char	*err;	/* part of the error */
};

static const struct parse_case parse_cases[] = {
	{ "minimal", BASE,
	  "acct=- from=s@x to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "everything", V1 "created: 1700000000\naccount: work\n"
	  "sender: a@b\nrecipient: c@d\nrecipient: e@f\nbody-type: 8bitmime\n"
	  "8bit: yes\ndsn-notify: SUCCESS,FAILURE\ndsn-return: HDRS\n"
	  "dsn-envid: QQ314159\nattempts: 3\nnext-attempt: 1700000900\n"
	  "last-error: 451 4.3.0 temporary: try again\n",
	  "acct=work from=a@b to=c@d|e@f notify=SUCCESS,FAILURE ret=HDRS "
	  "envid=QQ314159 body=2 8bit=1 created=1700000000 next=1700000900 "
	  "attempts=3 err=451 4.3.0 temporary: try again", NULL },
	{ "null sender", V1 "created: 5\nsender: <>\nrecipient: r@x\n",
	  "acct=- from= to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "empty sender is null too", V1 "created: 5\nsender:\nrecipient: r@x\n",
	  "acct=- from= to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "unknown keys, comments, blank lines", "# a comment\n\n" BASE
	  "x-future: 1\nfailed-at: 9\nfailed: 550 gone\n",
	  "acct=- from=s@x to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "keys without case, blanks trimmed, no final LF",
	  "Postie-Queue-Version:1\nCREATED:\t5 \nSender:   s@x\nrecipient: r@x",
	  "acct=- from=s@x to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "empty optional values are none", BASE "account:\ndsn-notify: \n",
	  "acct=- from=s@x to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=-", NULL },
	{ "value with a colon", BASE "last-error: 421 a: b\n",
	  "acct=- from=s@x to=r@x notify=- ret=- envid=- body=0 8bit=0 "
	  "created=5 next=0 attempts=0 err=421 a: b", NULL },
	/* refused */
	{ "empty text", "", NULL, "no postie-queue-version" },
	{ "no version", "created: 5\nsender: s@x\nrecipient: r@x\n", NULL,
	  "no postie-queue-version" },
	{ "version 2", "postie-queue-version: 2\n", NULL,
	  "line 1: unsupported postie-queue-version" },
	{ "no sender", V1 "created: 5\nrecipient: r@x\n", NULL, "no sender" },
	{ "no recipient", V1 "created: 5\nsender: s@x\n", NULL, "no recipient" },
	{ "no created", V1 "sender: s@x\nrecipient: r@x\n", NULL,
	  "no created time" },
	{ "empty recipient", BASE "recipient:\n", NULL,
	  "line 5: empty recipient" },
	{ "sender twice", BASE "sender: t@x\n", NULL, "line 5: key given twice" },
	{ "no colon", BASE "garbage\n", NULL,
	  "line 5: not a \"key: value\" line" },
	{ "empty key", BASE ": x\n", NULL, "line 5: not a" },
	{ "negative time", V1 "created: -5\n", NULL, "line 2: bad time" },
	{ "time with letters", V1 "created: 12x\n", NULL, "line 2: bad time" },
	{ "huge time", V1 "created: 12345678901234567890\n", NULL,
	  "line 2: bad time" },
	{ "bad attempts", BASE "attempts: many\n", NULL,
	  "line 5: bad number of attempts" },
	{ "too many attempts", BASE "attempts: 99999999999\n", NULL,
	  "bad number of attempts" },
	{ "bad body type", BASE "body-type: 9BIT\n", NULL, "unknown body-type" },
	{ "bad 8bit", BASE "8bit: maybe\n", NULL, "8bit is neither" },
	{ "CR in the text", BASE "account: a\r\n", NULL, "NUL or CR" },
};

static void
test_parse(void)
{
	const struct parse_case *c;
	struct queue_entry q;
	char got[1024], why[256];
	size_t i;
	int r;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		c = &parse_cases[i];
		why[0] = '\0';
		r = queue_env_parse(c->text, strlen(c->text), &q, why,
		    sizeof(why));
		if (c->want != NULL) {
			if (r == 0)
				summary(&q, got, sizeof(got));
			else
				snprintf(got, sizeof(got), "error: %s", why);
			T_STREQ(c->label, got, c->want);
		} else {
			T_CHECK(c->label, r == -1 && strstr(why, c->err) != NULL &&
			    q.nrcpts == 0 && q.sender == NULL);
			if (r != -1 || strstr(why, c->err) == NULL)
				printf("  got \"%s\"\n", why);
		}
		queue_entry_free(&q);
	}
	/* A NUL inside the length is refused, not taken as the end. */
	r = queue_env_parse(BASE "\0x", sizeof(BASE "\0x") - 1, &q, why,
	    sizeof(why));
	T_CHECK("NUL in the text refused", r == -1);
}

static void
test_format(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org",
	    (char *)(uintptr_t)"carol@example.org" };
	char *bad[] = { (char *)(uintptr_t)"x@y\r\nRCPT TO:<z@w>" };
	char a[1024], b[1024], why[256];
	struct buf t = BUF_INIT, t2 = BUF_INIT;
	struct queue_entry q, p;
	struct err e;

	entry_init(&q, rcpts, 2);
	q.dsn_notify = (char *)(uintptr_t)"SUCCESS";
	q.dsn_return = (char *)(uintptr_t)"FULL";
	q.dsn_envid = (char *)(uintptr_t)"e1";
	q.body_type = BODY_BINARYMIME;
	q.eightbit = 1;
	T_CHECK("format full entry", queue_env_format(&q, NULL, 0, &t, &e) == 0);
	T_CHECK("parse it back", queue_env_parse(t.data, t.len, &p, why,
	    sizeof(why)) == 0);
	summary(&q, a, sizeof(a));
	summary(&p, b, sizeof(b));
	T_STREQ("round trip keeps every field", b, a);
	T_CHECK("format again, same text", queue_env_format(&p, NULL, 0, &t2,
	    &e) == 0 && t2.len == t.len && memcmp(t.data, t2.data, t.len) == 0);
	queue_entry_free(&p);
	buf_reset(&t);

	memset(&q, 0, sizeof(q));
	q.sender = (char *)(uintptr_t)"";
	q.rcpts = rcpts;
	q.nrcpts = 1;
	q.created = 100;
	T_CHECK("format minimal", queue_env_format(&q, NULL, 0, &t, &e) == 0);
	T_STREQ("minimal text", t.data, "postie-queue-version: 1\n"
	    "created: 100\nsender: <>\nrecipient: bob@example.org\n8bit: no\n"
	    "attempts: 0\nnext-attempt: 0\n");
	buf_reset(&t);

	q.last_error = (char *)(uintptr_t)" 421-a\r\n421 b\r\n";
	T_CHECK("format with failed", queue_env_format(&q, "550\nno", 77, &t,
	    &e) == 0);
	T_CHECK("line breaks in last-error become spaces",
	    strstr(t.data, "\nlast-error: 421-a  421 b\n") != NULL);
	T_CHECK("failed lines", strstr(t.data, "\nfailed-at: 77\n"
	    "failed: 550 no\n") != NULL);
	buf_reset(&t);

	q.rcpts = bad;
	T_CHECK("line break in a recipient refused",
	    queue_env_format(&q, NULL, 0, &t, &e) == -1 && e.ex == EX_DATAERR);
	q.rcpts = rcpts;
	q.sender = (char *)(uintptr_t)"a@b\nX-Injected: 1";
	T_CHECK("line break in the sender refused",
	    queue_env_format(&q, NULL, 0, &t, &e) == -1);
	q.sender = (char *)(uintptr_t)"a@b";
	q.nrcpts = 0;
	T_CHECK("no recipient refused", queue_env_format(&q, NULL, 0, &t,
	    &e) == -1);
	buf_free(&t);
	buf_free(&t2);
}

/* ---- the directory ---- */

static void
test_open(void)
{
	char d[512], f[640], link_path[512];
	struct err e;
	int fd;

	snprintf(d, sizeof(d), "%s/made/deeper/q", top);
	T_CHECK("missing queue created", queue_open(d, &e) == 0);
	T_CHECK("created with mode 0700", mode_of(d) == 0700);
	snprintf(f, sizeof(f), "%s/failed", d);
	T_CHECK("failed/ created with 0700", mode_of(f) == 0700);
	T_CHECK("existing 0700 accepted", queue_open(d, &e) == 0);

	make_dir(d, sizeof(d), "open777", 0777);
	T_CHECK("world-writable refused", queue_open(d, &e) == -1 &&
	    e.ex == EX_CANTCREAT && strstr(e.msg, "writable by everyone") &&
	    strstr(e.msg, "0777"));
	make_dir(d, sizeof(d), "open770", 0770);
	T_CHECK("group-writable without set-group-ID refused",
	    queue_open(d, &e) == -1 && e.ex == EX_CANTCREAT &&
	    strstr(e.msg, "not set-group-ID"));
	make_dir(d, sizeof(d), "open2770", 02770);
	if (mode_of(d) == 02770) {
		T_CHECK("group queue (2770) accepted", queue_open(d, &e) == 0);
		snprintf(f, sizeof(f), "%s/failed", d);
		T_CHECK("group queue's failed/ is 2770", mode_of(f) == 02770);
	} else
		printf("SKIP: cannot set the set-group-ID bit here\n");
	make_dir(d, sizeof(d), "open2777", 02777);
	T_CHECK("set-group-ID but world-writable refused",
	    queue_open(d, &e) == -1);

	snprintf(link_path, sizeof(link_path), "%s/qlink", top);
	make_dir(d, sizeof(d), "target", 0700);
	T_CHECK("symlink made", symlink(d, link_path) == 0);
	T_CHECK("symlink refused", queue_open(link_path, &e) == -1 &&
	    strstr(e.msg, "symbolic link"));
	snprintf(f, sizeof(f), "%s/plainfile", top);
	fd = open(f, O_WRONLY | O_CREAT, 0600);
	close(fd);
	T_CHECK("plain file refused", queue_open(f, &e) == -1 &&
	    strstr(e.msg, "not a directory"));
	T_CHECK("empty name refused", queue_open("", &e) == -1);
}

/* What queue_add leaves: the two files, private, and nothing else. */
static void
check_files(const char *d, const char *id)
{
	char path[640], *got, *names;
	size_t glen;

	snprintf(path, sizeof(path), "%s/%s.msg", d, id);
	T_CHECK("ID.msg mode 0600", mode_of(path) == 0600);
	got = slurp(path, &glen);
	T_CHECK("ID.msg holds the message in sending form",
	    glen == strlen(MSG_CRLF) && memcmp(got, MSG_CRLF, glen) == 0);
	free(got);
	snprintf(path, sizeof(path), "%s/%s.env", d, id);
	T_CHECK("ID.env mode 0600", mode_of(path) == 0600);
	got = slurp(path, &glen);
	T_CHECK("ID.env text", got != NULL && strncmp(got,
	    "postie-queue-version: 1\ncreated: ", 33) == 0 &&
	    strstr(got, "\naccount: work\nsender: alice@example.org\n"
	    "recipient: bob@example.org\n8bit: no\nattempts: 1\n"
	    "next-attempt: 1060\nlast-error: 421 4.7.0 try later\n"));
	free(got);
	names = names_in(d);
	T_CHECK("only ID.env and ID.msg, no temporary file",
	    strstr(names, ".env,") && strstr(names, ".msg") &&
	    !strstr(names, "tmp"));
	free(names);
}

/* add -> list -> lock -> bytes -> update -> relock -> remove */
static void
test_cycle(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org" };
	char d[512], path[640], *want, *got, *names;
	struct queue_entry q, l, l2;
	struct spool *sp, *back;
	struct err e;
	char **ids;
	size_t n, wlen, glen;
	int fd = -1, fd2;

	make_dir(d, sizeof(d), "cycle", 0700);
	T_CHECK("open", queue_open(d, &e) == 0);
	sp = spool_of(MSG);
	entry_init(&q, rcpts, 1);
	q.created = 0;
	T_CHECK("add", queue_add(d, &q, sp, &e) == 0);
	T_CHECK("id chosen", q.id[0] != '\0' && strchr(q.id, '/') == NULL);
	T_CHECK("created filled in", q.created > 1000000000);
	T_CHECK("size filled in", q.size == (off_t)strlen(MSG_CRLF));
	check_files(d, q.id);

	T_CHECK("list", queue_list(d, &ids, &n, &e) == 0 && n == 1 &&
	    strcmp(ids[0], q.id) == 0);
	queue_list_free(ids, n);

	T_CHECK("lock", queue_lock(d, q.id, &l, &fd, &e) == 1 && fd >= 0);
	T_STREQ("locked entry: sender", l.sender, "alice@example.org");
	T_STREQ("locked entry: account", l.account, "work");
	T_CHECK("locked entry: recipients", l.nrcpts == 1 &&
	    strcmp(l.rcpts[0], "bob@example.org") == 0);
	T_STREQ("locked entry: id", l.id, q.id);
	T_CHECK("locked entry: size", l.size == q.size);
	T_CHECK("locked entry: times", l.created == q.created &&
	    l.next_attempt == 1060 && l.attempts == 1);
	T_CHECK("second lock in this process refused",
	    queue_lock(d, q.id, &l2, &fd2, &e) == 0 && fd2 == -1);

	T_CHECK("message opens", queue_message(d, q.id, &back, &e) == 0);
	want = spool_bytes(sp, &wlen);
	got = spool_bytes(back, &glen);
	T_CHECK("message bytes identical", wlen == glen &&
	    memcmp(want, got, wlen) == 0);
	free(want);
	free(got);
	spool_free(back);

	free(l.last_error);
	l.last_error = strdup("452 4.2.2 mailbox full");
	l.attempts = 2;
	l.next_attempt = 5000;
	T_CHECK("update", queue_update(d, &l, &e) == 0);
	queue_entry_free(&l);
	queue_release(fd);
	T_CHECK("lock again", queue_lock(d, q.id, &l, &fd, &e) == 1);
	T_CHECK("update seen", l.attempts == 2 && l.next_attempt == 5000 &&
	    strcmp(l.last_error, "452 4.2.2 mailbox full") == 0);
	T_CHECK("remove", queue_remove(d, q.id, &e) == 0);
	T_CHECK("removal synced", queue_sync(d, &e) == 0);
	queue_entry_free(&l);
	queue_release(fd);
	names = names_in(d);
	T_STREQ("nothing left after remove", names, "");
	free(names);
	T_CHECK("list empty", queue_list(d, &ids, &n, &e) == 0 && n == 0);
	queue_list_free(ids, n);
	T_CHECK("lock of a removed id: gone", queue_lock(d, q.id, &l, &fd,
	    &e) == 0);
	T_CHECK("bad id refused", queue_lock(d, "../x", &l, &fd, &e) == -1 &&
	    queue_remove(d, "a/b", &e) == -1);
	snprintf(path, sizeof(path), "%s/missing", top);
	T_CHECK("sync of a missing queue fails", queue_sync(path, &e) == -1 &&
	    strstr(e.msg, "cannot make removals from the queue durable") !=
	    NULL);
	T_CHECK("list of a missing queue: empty",
	    queue_list(path, &ids, &n, &e) == 0 && n == 0);
	spool_free(sp);
}

static void
test_order(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org" };
	char d[512], added[3][QUEUE_ID_MAX], **ids;
	struct queue_entry q;
	struct spool *sp = spool_of(MSG);
	struct err e;
	size_t n, i;
	int ok = 1;

	make_dir(d, sizeof(d), "order", 0700);
	for (i = 0; i < 3; i++) {
		entry_init(&q, rcpts, 1);
		ok &= queue_add(d, &q, sp, &e) == 0;
		memcpy(added[i], q.id, sizeof(q.id));
	}
	T_CHECK("three added", ok);
	T_CHECK("ids differ", strcmp(added[0], added[1]) != 0 &&
	    strcmp(added[1], added[2]) != 0);
	T_CHECK("listed oldest first", queue_list(d, &ids, &n, &e) == 0 &&
	    n == 3 && strcmp(ids[0], added[0]) == 0 &&
	    strcmp(ids[1], added[1]) == 0 && strcmp(ids[2], added[2]) == 0);
	queue_list_free(ids, n);
	spool_free(sp);
}

/* A child tries the lock: its exit status is what queue_lock returned. */
static int
lock_in_child(const char *d, const char *id)
{
	struct queue_entry q;
	struct err e;
	pid_t pid;
	int st, fd, r;

	fflush(stdout);	/* or a child prints it again */
	if ((pid = fork()) == 0) {
		r = queue_lock(d, id, &q, &fd, &e);
		_exit(r == -1 ? 9 : r);
	}
	if (pid == -1 || waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -2;
	return WEXITSTATUS(st);
}

static void
test_locks(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org" };
	struct queue_entry q, l;
	char d[512], c;
	struct spool *sp = spool_of(MSG);
	struct err e;
	int fd, p[2], st;
	pid_t pid;

	make_dir(d, sizeof(d), "locks", 0700);
	entry_init(&q, rcpts, 1);
	T_CHECK("add", queue_add(d, &q, sp, &e) == 0);
	T_CHECK("parent locks", queue_lock(d, q.id, &l, &fd, &e) == 1);
	T_CHECK("another process is kept out", lock_in_child(d, q.id) == 0);
	T_CHECK("update while locked", queue_update(d, &l, &e) == 0);
	T_CHECK("still kept out after ID.env was replaced",
	    lock_in_child(d, q.id) == 0);
	queue_entry_free(&l);
	queue_release(fd);
	T_CHECK("released: another process gets it",
	    lock_in_child(d, q.id) == 1);

	/* A holder killed with -9: its lock goes with it. */
	if (pipe(p) == -1)
		return;
	fflush(stdout);	/* or a child prints it again */
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (queue_lock(d, q.id, &l, &fd, &e) != 1)
			_exit(1);
		if (write(p[1], "L", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	T_CHECK("child holds the lock", read(p[0], &c, 1) == 1 && c == 'L');
	close(p[0]);
	T_CHECK("held by the child", queue_lock(d, q.id, &l, &fd, &e) == 0);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	T_CHECK("holder killed: lock taken over",
	    queue_lock(d, q.id, &l, &fd, &e) == 1);
	T_CHECK("remove while locked", queue_remove(d, q.id, &e) == 0);
	queue_entry_free(&l);
	queue_release(fd);
	T_CHECK("removed: another process finds it gone",
	    lock_in_child(d, q.id) == 0);
	spool_free(sp);
}

static void
test_fail(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org" };
	char d[512], path[640], *text, *names;
	struct queue_entry q, l;
	struct spool *sp = spool_of(MSG);
	struct err e;
	size_t len;
	int fd;

	make_dir(d, sizeof(d), "fail", 0700);
	T_CHECK("open", queue_open(d, &e) == 0);
	entry_init(&q, rcpts, 1);
	T_CHECK("add", queue_add(d, &q, sp, &e) == 0);
	T_CHECK("lock", queue_lock(d, q.id, &l, &fd, &e) == 1);
	T_CHECK("fail", queue_fail(d, &l, "550 5.1.1 no such user", &e) == 0);
	queue_entry_free(&l);
	queue_release(fd);
	names = names_in(d);
	T_STREQ("queue empty after fail", names, "");
	free(names);
	snprintf(path, sizeof(path), "%s/failed/%s.env", d, q.id);
	text = slurp(path, &len);
	T_CHECK("failed/ID.env has the reason", text != NULL &&
	    strstr(text, "\nfailed: 550 5.1.1 no such user\n") &&
	    strstr(text, "\nfailed-at: ") && strstr(text, "\nrecipient: bob"));
	free(text);
	snprintf(path, sizeof(path), "%s/failed/%s.msg", d, q.id);
	text = slurp(path, &len);
	T_CHECK("failed/ID.msg is the message", text != NULL &&
	    len == strlen(MSG_CRLF) && memcmp(text, MSG_CRLF, len) == 0);
	free(text);
	T_CHECK("a failed message cannot be locked",
	    queue_lock(d, q.id, &l, &fd, &e) == 0);
	spool_free(sp);
}

/* One queue run: lock, "send" (a line in the log), update, remove. */
static void
run_queue(const char *d, int logfd)
{
	struct queue_entry q;
	struct err e;
	char **ids, line[QUEUE_ID_MAX + 1];
	size_t n, i;
	int fd;

	if (queue_list(d, &ids, &n, &e) == -1)
		_exit(1);
	for (i = 0; i < n; i++) {
		if (queue_lock(d, ids[i], &q, &fd, &e) != 1)
			continue;
		snprintf(line, sizeof(line), "%s\n", ids[i]);
		if (write(logfd, line, strlen(line)) == -1 ||
		    queue_update(d, &q, &e) == -1 ||
		    queue_remove(d, ids[i], &e) == -1)
			_exit(1);
		queue_entry_free(&q);
		queue_release(fd);
	}
	queue_list_free(ids, n);
}

/* Several runs at once: every message sent once, none lost. */
static void
test_concurrent(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org" };
	char d[512], path[640], *log, *names, *p;
	struct queue_entry q;
	struct spool *sp = spool_of(MSG);
	struct err e;
	size_t len, i, lines = 0, dups = 0;
	int logfd, st, ok = 1, k;
	pid_t pids[6];

	make_dir(d, sizeof(d), "concurrent", 0700);
	for (i = 0; i < 40; i++) {
		entry_init(&q, rcpts, 1);
		ok &= queue_add(d, &q, sp, &e) == 0;
	}
	T_CHECK("40 added", ok);
	snprintf(path, sizeof(path), "%s/sent.log", top);
	logfd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	fflush(stdout);
	for (k = 0; k < 6; k++)
		if ((pids[k] = fork()) == 0) {
			run_queue(d, logfd);
			_exit(0);
		}
	for (k = 0; k < 6; k++)
		ok &= pids[k] > 0 && waitpid(pids[k], &st, 0) == pids[k] &&
		    WIFEXITED(st) && WEXITSTATUS(st) == 0;
	close(logfd);
	T_CHECK("six runs at once, no error", ok);
	log = slurp(path, &len);
	for (p = log; p != NULL && *p != '\0'; p = strchr(p, '\n') + 1) {
		lines++;
		*strchr(p, '\n') = '\0';
		dups += strstr(p + strlen(p) + 1, p) != NULL;
		p[strlen(p)] = '\n';
	}
	T_CHECK("each message sent once", lines == 40 && dups == 0);
	if (lines != 40 || dups != 0)
		printf("  %zu sent, %zu twice\n", lines, dups);
	free(log);
	names = names_in(d);
	T_STREQ("queue empty after the runs", names, "");
	free(names);
	spool_free(sp);
}

/* ---- leftovers of killed writers ---- */

/* Makes dir/name, last modified at when. */
static void
touch_at(const char *dir, const char *name, time_t when)
{
	struct timespec ts[2];
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    write(fd, "x", 1) != 1)
		printf("  cannot write %s\n", path);
	if (fd != -1)
		close(fd);
	ts[0].tv_sec = ts[1].tv_sec = when;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	(void)utimensat(AT_FDCWD, path, ts, 0);
}

static void
test_sweep(void)
{
	time_t now = time(NULL), old = now - QUEUE_LEFTOVER_AGE - 60;
	char d[256], failed[300], path[512], *names;
	struct err e;
	int fd;

	make_dir(d, sizeof(d), "sweep", 0700);
	T_CHECK("sweep: queue made", queue_open(d, &e) == 0);
	snprintf(failed, sizeof(failed), "%s/failed", d);
	touch_at(d, "tmp.old111", old);
	touch_at(d, "tmp.new222", now);
	touch_at(d, "1700000000.000001.1.00000001.msg", old);	/* alone */
	touch_at(d, "1700000000.000002.1.00000002.msg", old);	/* locked */
	touch_at(d, "1700000000.000003.1.00000003.msg", now);	/* too new */
	touch_at(d, "1700000000.000004.1.00000004.msg", old);	/* queued */
	touch_at(d, "1700000000.000004.1.00000004.env", old);
	touch_at(d, "notes.old", old);				/* not ours */
	touch_at(failed, "tmp.old333", old);
	snprintf(path, sizeof(path), "%s/1700000000.000002.1.00000002.msg", d);
	fd = open(path, O_RDONLY);
	T_CHECK("sweep: lock held", fd != -1 && flock(fd, LOCK_EX) == 0);
	T_CHECK("sweep: three removed", queue_sweep(d, now) == 3);
	if (fd != -1)
		close(fd);
	names = names_in(d);
	T_STREQ("sweep: what stays", names,
	    "1700000000.000002.1.00000002.msg,"
	    "1700000000.000003.1.00000003.msg,"
	    "1700000000.000004.1.00000004.env,"
	    "1700000000.000004.1.00000004.msg,notes.old,tmp.new222");
	free(names);
	names = names_in(failed);
	T_STREQ("sweep: failed/ swept too", names, "");
	free(names);
	T_CHECK("sweep: the lock gone, so is its file",
	    queue_sweep(d, now) == 1);
	T_CHECK("sweep: nothing more", queue_sweep(d, now) == 0);
}

/* ---- schedule and listing ---- */

static void
test_schedule(void)
{
	static const struct {
		int		 attempts;
		unsigned	 jitter;
		time_t		 delay;
	} cases[] = {
		{ 0, 0, 0 }, { -1, 5, 0 }, { 1, 0, 60 }, { 2, 0, 300 },
		{ 3, 0, 900 }, { 4, 0, 3600 }, { 5, 0, 7200 }, { 6, 0, 7200 },
		{ 100, 0, 7200 }, { 1, 6, 66 }, { 1, 7, 60 }, { 2, 30, 330 },
		{ 5, 720, 7920 }, { 5, 721, 7200 },
	};
	char label[64];
	size_t i;
	unsigned j;
	time_t d;
	int in_bounds = 1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(label, sizeof(label), "next attempt after %d, jitter %u",
		    cases[i].attempts, cases[i].jitter);
		T_CHECK(label, queue_next_attempt(1000, cases[i].attempts,
		    cases[i].jitter) == 1000 + cases[i].delay);
	}
	for (j = 0; j < 100000; j += 7) {
		d = queue_next_attempt(0, 4, j * 2654435761u);
		in_bounds &= d >= 3600 && d <= 3960;
	}
	T_CHECK("jitter never past 10%", in_bounds);
}

static char *
print_to_string(const char *d, time_t now, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	struct err e;
	FILE *fp = open_memstream(&out, &len);

	*rc = queue_print(d, fp, now, &e);
	fclose(fp);
	return out;
}

static void
test_print(void)
{
	char *rcpts[] = { (char *)(uintptr_t)"bob@example.org",
	    (char *)(uintptr_t)"carol@example.org" };
	char d[512], want[1024], *out;
	struct queue_entry q;
	struct spool *sp = spool_of(MSG);
	struct err e;
	int rc;

	make_dir(d, sizeof(d), "print", 0700);
	out = print_to_string(d, 0, &rc);
	T_STREQ("empty queue", out, "Mail queue is empty\n");
	T_CHECK("empty queue: success", rc == 0);
	free(out);
	snprintf(want, sizeof(want), "%s/no-such-queue", top);
	out = print_to_string(want, 0, &rc);
	T_STREQ("missing queue is empty", out, "Mail queue is empty\n");
	free(out);

	entry_init(&q, rcpts, 2);
	q.next_attempt = 1000 + 900;
	T_CHECK("add", queue_add(d, &q, sp, &e) == 0);
	out = print_to_string(d, 1000 + 7200, &rc);
	snprintf(want, sizeof(want),
	    "%s  %zu bytes, queued 2h ago\n"
	    "  account:    work\n"
	    "  sender:     alice@example.org\n"
	    "  recipient:  bob@example.org\n"
	    "  recipient:  carol@example.org\n"
	    "  attempts:   1, next now\n"
	    "  last error: 421 4.7.0 try later\n"
	    "\n"
	    "-- 1 message, %zu bytes\n", q.id, strlen(MSG_CRLF),
	    strlen(MSG_CRLF));
	T_STREQ("one message, due", out, want);
	free(out);
	out = print_to_string(d, 1000 + 30, &rc);
	T_CHECK("one message, next in 14m", strstr(out, "queued 30s ago\n") &&
	    strstr(out, "  attempts:   1, next in 14m\n"));
	free(out);
	spool_free(sp);
}

/* ---- failures leave nothing behind ---- */

/* queue_add in a child limited to fsize bytes a file: its exit status. */
static int
add_limited(const char *d, struct queue_entry *q, struct spool *sp,
    rlim_t fsize)
{
	struct rlimit rl = { fsize, fsize };
	struct err e;
	pid_t pid;
	int st;

	fflush(stdout);	/* or a child prints it again */
	if ((pid = fork()) == 0) {
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(99);
		if (queue_add(d, q, sp, &e) == 0)
			_exit(0);
		printf("  (child: %s)\n", e.msg);
		fflush(stdout);
		_exit(e.ex);
	}
	if (pid == -1 || waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void
test_write_failures(void)
{
	char *rcpts[200], d[512], *big, *names;
	struct queue_entry q;
	struct spool *sp, *small;
	struct err e;
	size_t i;

	make_dir(d, sizeof(d), "full", 0700);
	T_CHECK("open", queue_open(d, &e) == 0);
	big = malloc(6000);
	memset(big, 'x', 5999);
	big[5999] = '\0';
	memcpy(big, "A: 1\n\n", 6);
	sp = spool_of(big);
	small = spool_of(MSG);
	for (i = 0; i < 200; i++)
		rcpts[i] = (char *)(uintptr_t)"someone.with.a.long.name@example.org";
	entry_init(&q, rcpts, 1);
	T_CHECK("message too large for the disk: 73",
	    add_limited(d, &q, sp, 2000) == EX_CANTCREAT);
	names = names_in(d);
	T_STREQ("nothing left (message)", names, "");
	free(names);
	entry_init(&q, rcpts, 200);
	T_CHECK("envelope too large for the disk: 73",
	    add_limited(d, &q, small, 2000) == EX_CANTCREAT);
	names = names_in(d);
	T_STREQ("nothing left (envelope)", names, "");
	free(names);

	if (geteuid() == 0)
		printf("SKIP: unwritable queue directory (running as root, "
		    "permissions do not apply)\n");
	else {
		chmod(d, 0500);
		entry_init(&q, rcpts, 1);
		T_CHECK("unwritable queue: 73", queue_add(d, &q, small, &e) == -1 &&
		    e.ex == EX_CANTCREAT && strstr(e.msg, "cannot queue") &&
		    strstr(e.msg, "Permission denied"));
		chmod(d, 0700);
		names = names_in(d);
		T_STREQ("nothing left (unwritable)", names, "");
		free(names);
	}
	free(big);
	spool_free(sp);
	spool_free(small);
}

/* ---- dead.letter ---- */

#define DL_MSG	"From: a@example.org\nSubject: x\n\nFrom here\nFromage\n" \
		">From there\nFrom\nbare\rcr\n"
#define DL_OUT	"From: a@example.org\nSubject: x\n\n>From here\nFromage\n" \
		">From there\nFrom\nbare\rcr\n\n"

static void
test_dead_letter(void)
{
	char path[512], *text;
	struct spool *sp = spool_of(DL_MSG), *sp2 = spool_of("\nFrom x\n");
	struct err e;
	size_t len;
	int fd;

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(path, sizeof(path), "%s/dead.letter", top);
	T_CHECK("first append", queue_dead_letter(path, "alice@example.org",
	    sp, 0, &e) == 0);
	T_CHECK("created 0600", mode_of(path) == 0600);
	T_CHECK("second append, null sender", queue_dead_letter(path, "", sp2,
	    86400 + 3723, &e) == 0);
	text = slurp(path, &len);
	T_STREQ("mbox text",
	    text, "From alice@example.org Thu Jan  1 00:00:00 1970\n" DL_OUT
	    "From MAILER-DAEMON Fri Jan  2 01:02:03 1970\n\n>From x\n\n");
	free(text);

	/* A file not ending in an empty line gets one first. */
	snprintf(path, sizeof(path), "%s/dead2", top);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	T_CHECK("old text", write(fd, "old", 3) == 3);
	close(fd);
	T_CHECK("append after text", queue_dead_letter(path, "a b@x", sp2, 0,
	    &e) == 0);
	text = slurp(path, &len);
	T_STREQ("separated, sender one word", text,
	    "old\n\nFrom a_b@x Thu Jan  1 00:00:00 1970\n\n>From x\n\n");
	free(text);

	snprintf(path, sizeof(path), "%s/no-dir/dead.letter", top);
	T_CHECK("unopenable: 73", queue_dead_letter(path, "a@x", sp, 0,
	    &e) == -1 && e.ex == EX_CANTCREAT);
	spool_free(sp);
	spool_free(sp2);
}

/* A write that fails half way leaves the file as it was. */
static void
test_dead_letter_rollback(void)
{
	struct rlimit rl = { 200, 200 };
	char path[512], *big, *text;
	struct spool *sp, *sp2 = spool_of("\nshort\n");
	struct err e;
	size_t len, before;
	pid_t pid;
	int st;

	big = malloc(4000);
	memset(big, 'y', 3999);
	big[3999] = '\0';
	sp = spool_of(big);
	snprintf(path, sizeof(path), "%s/dead3", top);
	T_CHECK("first append", queue_dead_letter(path, "a@x", sp2, 0, &e) == 0);
	free(slurp(path, &before));
	fflush(stdout);	/* or a child prints it again */
	if ((pid = fork()) == 0) {
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(99);
		_exit(queue_dead_letter(path, "a@x", sp, 0, &e) == -1 ?
		    e.ex : 0);
	}
	T_CHECK("disk full: 74", waitpid(pid, &st, 0) == pid &&
	    WIFEXITED(st) && WEXITSTATUS(st) == EX_IOERR);
	text = slurp(path, &len);
	T_CHECK("cut back to what it was", len == before);
	free(text);
	free(big);
	spool_free(sp);
	spool_free(sp2);
}

int
main(void)
{
	snprintf(top, sizeof(top), "%s/postie-queue.XXXXXX",
	    getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_parse();
	test_format();
	test_open();
	test_cycle();
	test_order();
	test_locks();
	test_fail();
	test_sweep();
	test_concurrent();
	test_schedule();
	test_print();
	test_write_failures();
	test_dead_letter();
	test_dead_letter_rollback();
	(void)nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return t_done();
}
