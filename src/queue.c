/*
 * The queue directory: durable writes (temporary file, fsync, rename,
 * fsync of the directory), the per-message lock, the listing of mailq,
 * the retry schedule, and dead.letter for when there is no queue. The
 * text of ID.env is read and written by queue_env.c.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "fdio.h"
#include "nonce.h"
#include "queue.h"
#include "spool.h"

#define QUEUE_IOBUF	65536
#define ENV_FILE_MAX	(16 * 1024 * 1024)	/* larger is not an ID.env */
#define FAILED_SUB	"/failed"

/* Where the bytes of a file come from: a buffer, or a spool. */
struct source {
	const char	*data;
	size_t		 len;
	struct spool	*sp;
};

static const time_t retry_delays[] = { 60, 5 * 60, 15 * 60, 60 * 60,
    2 * 60 * 60 };
#define NDELAYS	(sizeof(retry_delays) / sizeof(retry_delays[0]))

/*
 * SIGTERM, SIGINT, SIGHUP and SIGQUIT wait while the queue or a
 * dead.letter is being changed: killed halfway, postie would leave a
 * tmp.* file, an ID.msg without its ID.env, or a cut mbox entry. The
 * signal takes effect as soon as the change is complete or undone, so
 * a message is then kept whole or not at all. No handler is needed.
 */
static void
signals_hold(sigset_t *saved)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	(void)sigprocmask(SIG_BLOCK, &set, saved);
}

static void
signals_release(const sigset_t *saved)
{
	(void)sigprocmask(SIG_SETMASK, saved, NULL);
}

/* dir + sub + "/" + id + suffix; a path too long is an error. */
static int
path_of(char *out, const char *dir, const char *sub, const char *id,
    const char *suffix, struct err *e)
{
	int n;

	n = snprintf(out, PATH_MAX, "%s%s/%s%s", dir, sub, id, suffix);
	if (n < 0 || n >= PATH_MAX)
		return err_set(e, EX_CANTCREAT, "queue path too long: %s", dir);
	return 0;
}

/*
 * Ids are made by id_make only: digits, dots and hex. Checking them
 * keeps a name from elsewhere (the command line, a stray file) from
 * pointing outside the queue.
 */
static int
id_valid(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n < QUEUE_ID_MAX - 4 && id[0] >= '0' &&
	    id[0] <= '9' && strspn(id, "0123456789abcdef.") == n;
}

/*
 * Seconds (10 digits, good until 2286) and microseconds first, so that
 * sorting the names sorts by creation; pid and random bytes make it
 * unique among processes started in the same microsecond.
 */
static int
id_make(char *id, size_t cap, struct err *e)
{
	struct timespec ts;
	unsigned char r[4];

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return err_set(e, EX_OSERR, "cannot read the clock: %s",
		    strerror(errno));
	if (nonce_fill(r, sizeof(r)) == -1)
		return err_set(e, EX_SOFTWARE, "cannot get random bytes: %s",
		    strerror(errno));
	snprintf(id, cap, "%010lld.%06ld.%ld.%02x%02x%02x%02x",
	    (long long)ts.tv_sec, ts.tv_nsec / 1000, (long)getpid(),
	    r[0], r[1], r[2], r[3]);
	return 0;
}

static int
write_all(int fd, const char *p, size_t n, struct err *e)
{
	if (fd_write_all(fd, p, n) == -1)
		return err_set(e, EX_IOERR, "%s", strerror(errno));
	return 0;
}

static int
write_source(int fd, const struct source *src, struct err *e)
{
	char *chunk;
	ssize_t n;
	int rc = 0;

	if (src->sp == NULL)
		return write_all(fd, src->data, src->len, e);
	if (spool_rewind(src->sp, e) == -1)
		return -1;
	if ((chunk = malloc(QUEUE_IOBUF)) == NULL)
		return err_nomem(e, "queueing the message");
	while ((n = spool_read_message(src->sp, chunk, QUEUE_IOBUF, e)) > 0)
		if ((rc = write_all(fd, chunk, (size_t)n, e)) == -1)
			break;
	free(chunk);
	return n == -1 ? -1 : rc;
}

/*
 * Files of a group queue (set-group-ID directory) are readable by the
 * group, so that a queue run by another member can send them.
 */
static mode_t
file_mode(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0 && (st.st_mode & S_ISGID))
		return 0640;
	return 0600;
}

static int
fill_file(int fd, const struct source *src, mode_t mode, struct err *e)
{
	if (mode != 0600 && fchmod(fd, mode) == -1)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	if (write_source(fd, src, e) == -1)
		return -1;
	if (fsync(fd) == -1)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	return 0;
}

/*
 * Makes path hold the bytes of src, all or nothing: a new file (mode
 * 0600, O_EXCL) in dir, written, fsync'd, renamed over path. The
 * directory itself is fsync'd by the caller, once for all its files.
 */
static int
write_file(const char *dir, const char *path, const struct source *src,
    mode_t mode, struct err *e)
{
	char tmp[PATH_MAX];
	int fd, n;

	n = snprintf(tmp, sizeof(tmp), "%s/tmp.XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return err_set(e, EX_CANTCREAT, "queue path too long");
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	if (fill_file(fd, src, mode, e) == -1) {
		(void)close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		err_set(e, EX_CANTCREAT, "%s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	(void)unlink(tmp);
	return -1;
}

/* Makes the renames and unlinks in dir durable. */
static int
fsync_dir(const char *dir, struct err *e)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	/* Some file systems cannot sync a directory; they say EINVAL. */
	rc = fsync(fd) == -1 && errno != EINVAL;
	if (rc)
		err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	(void)close(fd);
	return rc ? -1 : 0;
}

/*
 * Creates path and its missing parents with mode 0700 (chmod'ed, so
 * that the umask cannot take the owner's bits away).
 */
static int
dir_make(const char *path, struct err *e)
{
	char parent[PATH_MAX], *slash;
	struct stat st;

	if (lstat(path, &st) == 0 || errno != ENOENT)
		return 0;	/* dir_check says what is wrong, if anything */
	if (strlen(path) >= sizeof(parent))
		return err_set(e, EX_CANTCREAT, "queue path too long: %s", path);
	memcpy(parent, path, strlen(path) + 1);
	if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
		*slash = '\0';
		if (dir_make(parent, e) == -1)
			return -1;
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return err_set(e, EX_CANTCREAT, "cannot create the queue "
		    "directory %s: %s", path, strerror(errno));
	if (chmod(path, 0700) == -1)
		return err_set(e, EX_CANTCREAT, "cannot set the mode of %s: %s",
		    path, strerror(errno));
	/* Its entry in the parent, durable before a message relies on it. */
	if (fsync_dir(slash == NULL ? "." : slash == parent ? "/" : parent,
	    e) == -1)
		return err_prefix(e, "cannot sync the parent of %s", path);
	return 0;
}

/*
 * Whoever can write to the queue can make postie send anything, as
 * anyone, so only its owner (or root) may; or a group, when the
 * directory is a group queue: set-group-ID, so that every file in it
 * belongs to that group (postie.8 tells how to set one up).
 */
static int
dir_check(const char *path, struct stat *st, struct err *e)
{
	unsigned mode;

	if (lstat(path, st) == -1)
		return err_set(e, EX_CANTCREAT, "cannot use the queue directory "
		    "%s: %s", path, strerror(errno));
	mode = (unsigned)st->st_mode & 07777;
	if (S_ISLNK(st->st_mode))
		return err_set(e, EX_CANTCREAT, "queue directory %s is a "
		    "symbolic link; name the real directory", path);
	if (!S_ISDIR(st->st_mode))
		return err_set(e, EX_CANTCREAT, "queue directory %s is not a "
		    "directory", path);
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return err_set(e, EX_CANTCREAT, "queue directory %s belongs to "
		    "another user (uid %lu)", path, (unsigned long)st->st_uid);
	if (mode & S_IWOTH)
		return err_set(e, EX_CANTCREAT, "queue directory %s is writable "
		    "by everyone (mode %04o); use mode 0700 for a queue of your "
		    "own, or 2770 for a group queue (see postie(8))", path, mode);
	if ((mode & S_IWGRP) && !(mode & S_ISGID))
		return err_set(e, EX_CANTCREAT, "queue directory %s is writable "
		    "by its group but not set-group-ID (mode %04o); use mode "
		    "0700, or 2770 for a group queue (see postie(8))", path,
		    mode);
	return 0;
}

int
queue_open(const char *dir, struct err *e)
{
	char failed[PATH_MAX];
	struct stat st;
	mode_t mode;
	int n;

	if (dir == NULL || *dir == '\0')
		return err_set(e, EX_CANTCREAT, "no queue directory");
	if (dir_make(dir, e) == -1 || dir_check(dir, &st, e) == -1)
		return -1;
	n = snprintf(failed, sizeof(failed), "%s" FAILED_SUB, dir);
	if (n < 0 || (size_t)n >= sizeof(failed))
		return err_set(e, EX_CANTCREAT, "queue path too long: %s", dir);
	/* In a group queue, the group has to move messages there too. */
	mode = (st.st_mode & S_ISGID) ? 02770 : 0700;
	if (lstat(failed, &st) == -1 && errno == ENOENT) {
		if (mkdir(failed, mode) == -1 && errno != EEXIST)
			return err_set(e, EX_CANTCREAT, "cannot create %s: %s",
			    failed, strerror(errno));
		if (chmod(failed, mode) == -1)
			return err_set(e, EX_CANTCREAT, "cannot set the mode of "
			    "%s: %s", failed, strerror(errno));
		if (fsync_dir(dir, e) == -1)
			return err_prefix(e, "cannot sync %s", dir);
	}
	return dir_check(failed, &st, e);
}

static int
add_files(const char *dir, struct queue_entry *q, struct spool *sp,
    struct err *e)
{
	char msg[PATH_MAX], env[PATH_MAX];
	struct buf text = BUF_INIT;
	struct source src = { NULL, 0, sp };
	mode_t mode = file_mode(dir);
	int stage = 0;

	if (id_make(q->id, sizeof(q->id), e) == -1)
		goto fail;
	if (q->created == 0)
		q->created = time(NULL);
	/* The size and the file need the whole message. */
	if (spool_drain(sp, e) == -1)
		goto fail;
	q->size = spool_size(sp);
	if (queue_env_format(q, NULL, 0, &text, e) == -1 ||
	    path_of(msg, dir, "", q->id, ".msg", e) == -1 ||
	    path_of(env, dir, "", q->id, ".env", e) == -1)
		goto fail;
	/* ID.msg first: an ID.env is only ever seen with its message. */
	if (write_file(dir, msg, &src, mode, e) == -1)
		goto fail;
	stage = 1;
	src.data = text.data;
	src.len = text.len;
	src.sp = NULL;
	if (write_file(dir, env, &src, mode, e) == -1)
		goto fail;
	stage = 2;
	if (fsync_dir(dir, e) == -1)
		goto fail;
	buf_free(&text);
	return 0;
fail:
	if (stage == 2)
		(void)unlink(env);
	if (stage >= 1)
		(void)unlink(msg);
	buf_free(&text);
	q->id[0] = '\0';
	err_prefix(e, "cannot queue the message in %s", dir);
	e->ex = EX_CANTCREAT;
	return -1;
}

int
queue_add(const char *dir, struct queue_entry *q, struct spool *sp,
    struct err *e)
{
	sigset_t saved;
	int rc;

	signals_hold(&saved);
	rc = add_files(dir, q, sp, e);
	signals_release(&saved);
	return rc;
}

static int
cmp_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the id of name to the list when name is "ID.env". */
static int
list_add(const char *name, char ***ids, size_t *n, struct err *e)
{
	size_t len = strlen(name);
	char *id, **nv;

	if (len <= 4 || strcmp(name + len - 4, ".env") != 0)
		return 0;
	if ((id = strndup(name, len - 4)) == NULL)
		return err_nomem(e, "listing the queue");
	if (!id_valid(id)) {
		free(id);
		return 0;
	}
	if ((nv = reallocarray(*ids, *n + 1, sizeof(*nv))) == NULL) {
		free(id);
		return err_nomem(e, "listing the queue");
	}
	*ids = nv;
	(*ids)[(*n)++] = id;
	return 0;
}

int
queue_list(const char *dir, char ***ids, size_t *n, struct err *e)
{
	struct dirent *de;
	DIR *d;

	*ids = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, EX_IOERR, "cannot read the queue %s: %s",
		    dir, strerror(errno));
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL)
			break;
		if (list_add(de->d_name, ids, n, e) == -1)
			goto fail;
	}
	if (errno != 0) {
		err_set(e, EX_IOERR, "cannot read the queue %s: %s", dir,
		    strerror(errno));
		goto fail;
	}
	(void)closedir(d);
	if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), cmp_ids);
	return 0;
fail:
	(void)closedir(d);
	queue_list_free(*ids, *n);
	*ids = NULL;
	*n = 0;
	return -1;
}

void
queue_list_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Reads a whole small file; 0 when it does not exist. */
static int
read_small(const char *path, struct buf *b, struct err *e)
{
	char chunk[4096];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, EX_IOERR, "cannot open %s: %s", path,
		    strerror(errno));
	}
	for (;;) {
		if ((n = read(fd, chunk, sizeof(chunk))) == -1 && errno == EINTR)
			continue;
		if (n == -1 || n == 0)
			break;
		if (b->len + (size_t)n > ENV_FILE_MAX) {
			(void)close(fd);
			return err_set(e, EX_DATAERR, "%s is too large", path);
		}
		if (buf_add(b, chunk, (size_t)n) == -1) {
			(void)close(fd);
			return err_nomem(e, "reading the queue");
		}
	}
	if (n == -1)
		err_set(e, EX_IOERR, "cannot read %s: %s", path, strerror(errno));
	(void)close(fd);
	return n == -1 ? -1 : 1;
}

/*
 * Reads the envelope of a queued message, without a lock (it is always
 * replaced whole, by rename). Returns 1, 0 when the message is gone, -1.
 */
static int
read_entry(const char *dir, const char *id, struct queue_entry *q,
    struct err *e)
{
	char path[PATH_MAX], why[256];
	struct buf text = BUF_INIT;
	struct stat st;
	int r;

	memset(q, 0, sizeof(*q));
	if (path_of(path, dir, "", id, ".env", e) == -1)
		return -1;
	if ((r = read_small(path, &text, e)) != 1) {
		buf_free(&text);
		return r;
	}
	r = queue_env_parse(text.data, text.len, q, why, sizeof(why));
	buf_free(&text);
	if (r == -1)
		return err_set(e, EX_DATAERR, "%s: %s", path, why);
	snprintf(q->id, sizeof(q->id), "%s", id);
	if (path_of(path, dir, "", id, ".msg", e) == -1)
		return -1;
	if (stat(path, &st) == 0)
		q->size = st.st_size;
	return 1;
}

/*
 * After the lock is ours: the previous holder may have delivered or
 * failed the message and let go, so the name must still be this file.
 */
static int
still_queued(int fd, const char *path, struct err *e)
{
	struct stat fst, pst;

	if (fstat(fd, &fst) == -1)
		return err_set(e, EX_IOERR, "cannot stat %s: %s", path,
		    strerror(errno));
	if (fst.st_nlink == 0 || stat(path, &pst) == -1)
		return 0;
	return pst.st_dev == fst.st_dev && pst.st_ino == fst.st_ino;
}

int
queue_lock(const char *dir, const char *id, struct queue_entry *q,
    int *lockfd, struct err *e)
{
	char path[PATH_MAX];
	int fd, r;

	*lockfd = -1;
	memset(q, 0, sizeof(*q));
	if (!id_valid(id))
		return err_set(e, EX_DATAERR, "not a queue id: %.64s", id);
	if (path_of(path, dir, "", id, ".msg", e) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		if (errno == ENOENT)
			return 0;
		return err_set(e, EX_IOERR, "cannot open %s: %s", path,
		    strerror(errno));
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		r = errno == EWOULDBLOCK ? 0 : err_set(e, EX_IOERR,
		    "cannot lock %s: %s", path, strerror(errno));
		(void)close(fd);
		return r;
	}
	if ((r = still_queued(fd, path, e)) == 1)
		r = read_entry(dir, id, q, e);
	if (r != 1) {
		(void)close(fd);
		return r;
	}
	*lockfd = fd;
	return 1;
}

void
queue_release(int lockfd)
{
	if (lockfd >= 0)
		(void)close(lockfd);
}

int
queue_message(const char *dir, const char *id, struct spool **sp,
    struct err *e)
{
	char path[PATH_MAX];
	int fd;

	if (!id_valid(id))
		return err_set(e, EX_DATAERR, "not a queue id: %.64s", id);
	if (path_of(path, dir, "", id, ".msg", e) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return err_set(e, EX_IOERR, "cannot open %s: %s", path,
		    strerror(errno));
	return spool_open_file(sp, fd, e);
}

int
queue_update(const char *dir, const struct queue_entry *q, struct err *e)
{
	char path[PATH_MAX];
	struct buf text = BUF_INIT;
	struct source src;
	sigset_t saved;
	int rc = -1;

	if (!id_valid(q->id))
		return err_set(e, EX_SOFTWARE, "not a queue id: %.64s", q->id);
	if (path_of(path, dir, "", q->id, ".env", e) == -1 ||
	    queue_env_format(q, NULL, 0, &text, e) == -1)
		goto done;
	src.data = text.data;
	src.len = text.len;
	src.sp = NULL;
	signals_hold(&saved);
	if (write_file(dir, path, &src, file_mode(dir), e) == 0 &&
	    fsync_dir(dir, e) == 0)
		rc = 0;
	signals_release(&saved);
done:
	buf_free(&text);
	if (rc == -1) {
		err_prefix(e, "cannot update the queued message %s", q->id);
		e->ex = EX_CANTCREAT;
	}
	return rc;
}

static int
unlink_if_there(const char *path, struct err *e)
{
	if (unlink(path) == -1 && errno != ENOENT)
		return err_set(e, EX_IOERR, "cannot remove %s: %s", path,
		    strerror(errno));
	return 0;
}

int
queue_remove(const char *dir, const char *id, struct err *e)
{
	char msg[PATH_MAX], env[PATH_MAX];
	sigset_t saved;
	int rc;

	if (!id_valid(id))
		return err_set(e, EX_SOFTWARE, "not a queue id: %.64s", id);
	if (path_of(env, dir, "", id, ".env", e) == -1 ||
	    path_of(msg, dir, "", id, ".msg", e) == -1)
		return -1;
	signals_hold(&saved);
	rc = unlink_if_there(env, e) == -1 || unlink_if_there(msg, e) == -1 ?
	    -1 : 0;
	signals_release(&saved);
	return rc;
}

int
queue_sync(const char *dir, struct err *e)
{
	if (fsync_dir(dir, e) == -1)
		return err_prefix(e, "cannot make removals from the queue "
		    "durable");
	return 0;
}

/* A file a killed writer may have left: tmp.*, or ID.msg alone. */
static int
is_leftover(const char *dir, const char *name, int top)
{
	char id[QUEUE_ID_MAX], env[PATH_MAX];
	size_t len = strlen(name);
	struct err e;

	if (strncmp(name, "tmp.", 4) == 0)
		return 1;
	if (!top || len <= 4 || len - 4 >= sizeof(id) ||
	    strcmp(name + len - 4, ".msg") != 0)
		return 0;
	memcpy(id, name, len - 4);
	id[len - 4] = '\0';
	if (!id_valid(id) || path_of(env, dir, "", id, ".env", &e) == -1)
		return 0;
	return access(env, F_OK) == -1 && errno == ENOENT;
}

/* Old enough and not locked: whoever still works on a file holds it. */
static int
sweep_one(int dfd, const char *name, time_t now)
{
	struct stat st;
	int fd, gone = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode) || now - st.st_mtime < QUEUE_LEFTOVER_AGE)
		return 0;
	if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		gone = unlinkat(dfd, name, 0) == 0;
	(void)close(fd);
	return gone;
}

static int
sweep_dir(const char *dir, int top, time_t now)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (is_leftover(dir, de->d_name, top))
			n += sweep_one(dirfd(d), de->d_name, now);
	(void)closedir(d);
	return n;
}

int
queue_sweep(const char *dir, time_t now)
{
	char failed[PATH_MAX];
	int n;

	n = sweep_dir(dir, 1, now);
	if (snprintf(failed, sizeof(failed), "%s" FAILED_SUB, dir) <
	    (int)sizeof(failed))
		n += sweep_dir(failed, 0, now);
	return n;
}

struct fail_paths {
	char	 dir[PATH_MAX];		/* dir/failed */
	char	 msg[PATH_MAX];
	char	 env[PATH_MAX];
	char	 fmsg[PATH_MAX];
	char	 fenv[PATH_MAX];
};

static int
fail_paths(struct fail_paths *p, const char *dir, const char *id,
    struct err *e)
{
	int n;

	n = snprintf(p->dir, sizeof(p->dir), "%s" FAILED_SUB, dir);
	if (n < 0 || (size_t)n >= sizeof(p->dir))
		return err_set(e, EX_CANTCREAT, "queue path too long: %s", dir);
	if (path_of(p->msg, dir, "", id, ".msg", e) == -1 ||
	    path_of(p->env, dir, "", id, ".env", e) == -1 ||
	    path_of(p->fmsg, dir, FAILED_SUB, id, ".msg", e) == -1 ||
	    path_of(p->fenv, dir, FAILED_SUB, id, ".env", e) == -1)
		return -1;
	return 0;
}

/*
 * failed/ID.msg as a second link to ID.msg; as a copy when Linux refuses
 * the link (fs.protected_hardlinks: in a group queue, the file of
 * another user that one may not write to).
 */
static int
fail_link(const struct fail_paths *p, mode_t mode, struct err *e)
{
	struct source copy = { NULL, 0, NULL };
	int fd, rc;

	if (link(p->msg, p->fmsg) == 0)
		return 0;
	if (errno != EPERM)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	if ((fd = open(p->msg, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return err_set(e, EX_CANTCREAT, "%s", strerror(errno));
	if (spool_open_file(&copy.sp, fd, e) == -1)
		return -1;
	rc = write_file(p->dir, p->fmsg, &copy, mode, e);
	spool_free(copy.sp);
	return rc;
}

/*
 * The order keeps the message whole at every step: failed/ID.msg first,
 * then failed/ID.env; only when both are durable do the queue's names go
 * (ID.env first, as everywhere). A crash leaves at worst the message in
 * both places, or a stray ID.msg in the queue.
 */
static int
fail_move(const struct fail_paths *p, const struct source *src, mode_t mode,
    struct err *e)
{
	if (unlink_if_there(p->fmsg, e) == -1 || fail_link(p, mode, e) == -1)
		return -1;
	if (write_file(p->dir, p->fenv, src, mode, e) == -1 ||
	    fsync_dir(p->dir, e) == -1) {
		(void)unlink(p->fmsg);
		return -1;
	}
	if (unlink_if_there(p->env, e) == -1 ||
	    unlink_if_there(p->msg, e) == -1)
		return -1;
	return 0;
}

int
queue_fail(const char *dir, const struct queue_entry *q, const char *reason,
    struct err *e)
{
	struct fail_paths *p;
	struct buf text = BUF_INIT;
	struct source src;
	sigset_t saved;
	int rc = -1;

	if (!id_valid(q->id))
		return err_set(e, EX_SOFTWARE, "not a queue id: %.64s", q->id);
	if ((p = malloc(sizeof(*p))) == NULL)
		return err_nomem(e, "moving a message to failed/");
	if (fail_paths(p, dir, q->id, e) == -1 ||
	    queue_env_format(q, reason != NULL ? reason : "", time(NULL),
	    &text, e) == -1)
		goto done;
	src.data = text.data;
	src.len = text.len;
	src.sp = NULL;
	signals_hold(&saved);
	if (fail_move(p, &src, file_mode(dir), e) == 0 &&
	    fsync_dir(dir, e) == 0)
		rc = 0;
	signals_release(&saved);
done:
	free(p);
	buf_free(&text);
	if (rc == -1) {
		err_prefix(e, "cannot move the message %s to %s" FAILED_SUB,
		    q->id, dir);
		e->ex = EX_CANTCREAT;
	}
	return rc;
}

time_t
queue_next_attempt(time_t now, int attempts, unsigned jitter)
{
	time_t delay;

	if (attempts <= 0)
		return now;
	if ((size_t)attempts > NDELAYS)
		attempts = (int)NDELAYS;
	delay = retry_delays[attempts - 1];
	return now + delay + (time_t)(jitter % (unsigned)(delay / 10 + 1));
}

/* A duration for people: the largest unit that fits, truncated. */
static void
fmt_duration(char *out, size_t cap, time_t secs)
{
	static const struct {
		time_t		 unit;
		const char	*name;
	} units[] = { { 86400, "d" }, { 3600, "h" }, { 60, "m" }, { 1, "s" } };
	size_t i;

	if (secs < 0)
		secs = 0;
	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
		if (secs >= units[i].unit)
			break;
	snprintf(out, cap, "%lld%s", (long long)(secs / units[i].unit),
	    units[i].name);
}

static void
print_entry(FILE *out, const struct queue_entry *q, time_t now)
{
	char age[32], next[32];
	size_t i;

	fmt_duration(age, sizeof(age), now - q->created);
	fmt_duration(next, sizeof(next), q->next_attempt - now);
	fprintf(out, "%s  %lld bytes, queued %s ago\n", q->id,
	    (long long)q->size, age);
	fprintf(out, "  account:    %s\n", q->account ? q->account : "(default)");
	fprintf(out, "  sender:     %s\n", *q->sender ? q->sender : "<>");
	for (i = 0; i < q->nrcpts; i++)
		fprintf(out, "  recipient:  %s\n", q->rcpts[i]);
	fprintf(out, "  attempts:   %d, next %s%s\n", q->attempts,
	    q->next_attempt > now ? "in " : "now", q->next_attempt > now ?
	    next : "");
	fprintf(out, "  last error: %s\n\n", q->last_error ? q->last_error :
	    "(none)");
}

int
queue_print(const char *dir, FILE *out, time_t now, struct err *e)
{
	struct queue_entry q;
	struct err qe;
	char **ids;
	size_t n, i, shown = 0;
	long long total = 0;
	int r;

	if (queue_list(dir, &ids, &n, e) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((r = read_entry(dir, ids[i], &q, &qe)) == 0)
			continue;	/* sent or failed since the listing */
		shown++;
		if (r == -1) {
			fprintf(out, "%s  (cannot be read: %s)\n\n", ids[i],
			    qe.msg);
			continue;
		}
		total += (long long)q.size;
		print_entry(out, &q, now);
		queue_entry_free(&q);
	}
	queue_list_free(ids, n);
	if (shown == 0)
		fputs("Mail queue is empty\n", out);
	else
		fprintf(out, "-- %zu message%s, %lld bytes\n", shown,
		    shown == 1 ? "" : "s", total);
	if (fflush(out) == EOF || ferror(out))
		return err_set(e, EX_IOERR, "cannot write the queue listing: %s",
		    strerror(errno));
	return 0;
}

/*
 * dead.letter writer: CRLF back to LF, a line that starts with "From "
 * quoted as ">From " (a reader would take it for the next message), in
 * one pass with a small state, so memory does not grow with the message.
 */
struct mbox {
	int		 fd;
	int		 bol;		/* at the start of a line */
	int		 cr;		/* a CR waits to see if LF follows */
	size_t		 match;		/* bytes of "From " held at bol */
	size_t		 len;
	char		 buf[8192];
};

static const char from_line[] = "From ";
#define FROM_LEN	(sizeof(from_line) - 1)

static int
mbox_put(struct mbox *m, const char *p, size_t n, struct err *e)
{
	size_t room;

	while (n > 0) {
		if (m->len == sizeof(m->buf)) {
			if (write_all(m->fd, m->buf, m->len, e) == -1)
				return -1;
			m->len = 0;
		}
		room = sizeof(m->buf) - m->len;
		if (room > n)
			room = n;
		memcpy(m->buf + m->len, p, room);
		m->len += room;
		p += room;
		n -= room;
	}
	return 0;
}

/* Lets go of what was held back: part of "From ", a CR. */
static int
mbox_release(struct mbox *m, struct err *e)
{
	if (m->match > 0) {
		if (mbox_put(m, from_line, m->match, e) == -1)
			return -1;
		m->match = 0;
		m->bol = 0;
	}
	if (m->cr) {
		m->cr = 0;
		m->bol = 0;
		return mbox_put(m, "\r", 1, e);	/* a bare CR, kept */
	}
	return 0;
}

static int
mbox_char(struct mbox *m, char c, struct err *e)
{
	if (m->cr && c == '\n') {
		m->cr = 0;
		m->bol = 1;
		return mbox_put(m, "\n", 1, e);
	}
	if (m->bol && !m->cr && c == from_line[m->match]) {
		if (++m->match < FROM_LEN)
			return 0;
		m->match = 0;
		m->bol = 0;
		return mbox_put(m, ">From ", FROM_LEN + 1, e);
	}
	if (mbox_release(m, e) == -1)
		return -1;
	if (c == '\r') {
		m->cr = 1;
		return 0;
	}
	m->bol = c == '\n';
	return mbox_put(m, &c, 1, e);
}

/* The "From " line: the sender as one word, the date as ctime(3) has it. */
static int
mbox_from(struct mbox *m, const char *sender, time_t now, struct err *e)
{
	char date[64], *s;
	struct tm tm;
	size_t i;
	int rc;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		return err_set(e, EX_SOFTWARE, "cannot format the date");
	if ((s = strdup(sender != NULL && *sender ? sender :
	    "MAILER-DAEMON")) == NULL)
		return err_nomem(e, "writing the dead letter");
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			s[i] = '_';
	rc = mbox_put(m, "From ", 5, e) == -1 ||
	    mbox_put(m, s, i, e) == -1 || mbox_put(m, " ", 1, e) == -1 ||
	    mbox_put(m, date, strlen(date), e) == -1 ||
	    mbox_put(m, "\n", 1, e) == -1 ? -1 : 0;
	free(s);
	return rc;
}

/* A message starts after an empty line, whatever the file ended with. */
static int
mbox_separate(struct mbox *m, off_t size, struct err *e)
{
	char end[2];
	size_t want = size < 2 ? 1 : 2;
	ssize_t n;

	if (size == 0)
		return 0;
	do
		n = pread(m->fd, end, want, size - (off_t)want);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)want)
		return err_set(e, EX_IOERR, "%s", n == -1 ? strerror(errno) :
		    "file changed while locked");
	if (end[want - 1] != '\n')
		return mbox_put(m, "\n\n", 2, e);
	if (want == 2 && end[0] != '\n')
		return mbox_put(m, "\n", 1, e);
	return 0;
}

static int
mbox_body(struct mbox *m, struct spool *sp, struct err *e)
{
	char *chunk;
	ssize_t n = 0, i;
	int rc = 0;

	if (spool_rewind(sp, e) == -1)
		return -1;
	if ((chunk = malloc(QUEUE_IOBUF)) == NULL)
		return err_nomem(e, "writing the dead letter");
	while (rc == 0 && (n = spool_read_message(sp, chunk, QUEUE_IOBUF,
	    e)) > 0)
		for (i = 0; i < n && rc == 0; i++)
			rc = mbox_char(m, chunk[i], e);
	free(chunk);
	if (rc == -1 || n == -1 || mbox_release(m, e) == -1)
		return -1;
	if (!m->bol && mbox_put(m, "\n", 1, e) == -1)
		return -1;
	if (mbox_put(m, "\n", 1, e) == -1 ||
	    write_all(m->fd, m->buf, m->len, e) == -1)
		return -1;
	m->len = 0;
	return 0;
}

/* Locked, and all or nothing: on failure the file is cut back. */
static int
mbox_append(struct mbox *m, const char *sender, struct spool *sp,
    time_t now, struct err *e)
{
	struct stat st;

	if (flock(m->fd, LOCK_EX) == -1 || fstat(m->fd, &st) == -1)
		return err_set(e, EX_IOERR, "%s", strerror(errno));
	if (mbox_separate(m, st.st_size, e) == 0 &&
	    mbox_from(m, sender, now, e) == 0 &&
	    mbox_body(m, sp, e) == 0) {
		if (fsync(m->fd) == 0)
			return 0;
		err_set(e, EX_IOERR, "%s", strerror(errno));
	}
	if (ftruncate(m->fd, st.st_size) == -1) {
		char first[sizeof(e->msg)];

		memcpy(first, e->msg, sizeof(first));
		err_set(e, e->ex, "%s (and the partial copy stays: %s)", first,
		    strerror(errno));
	}
	return -1;
}

int
queue_dead_letter(const char *path, const char *sender, struct spool *sp,
    time_t now, struct err *e)
{
	struct mbox *m;
	sigset_t saved;
	int rc;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return err_nomem(e, "writing the dead letter");
	m->bol = 1;
	m->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (m->fd == -1) {
		err_set(e, EX_CANTCREAT, "cannot open %s: %s", path,
		    strerror(errno));
		free(m);
		return -1;
	}
	signals_hold(&saved);
	rc = mbox_append(m, sender, sp, now, e);
	signals_release(&saved);
	if (rc == -1) {
		err_prefix(e, "cannot write %s", path);
		if (e->ex != EX_OSERR)
			e->ex = EX_IOERR;
	}
	if (close(m->fd) == -1 && rc == 0)
		rc = err_set(e, EX_IOERR, "cannot write %s: %s", path,
		    strerror(errno));
	free(m);
	return rc;
}
