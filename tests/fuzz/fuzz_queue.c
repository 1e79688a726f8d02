/*
 * Fuzz target for the queue envelope (ID.env) parser: any bytes as the
 * file's text. A failed parse leaves the entry cleared with a reason;
 * a parsed entry has a sender and a recipient, no line break in any
 * value, and formats to a text that parses back to the same entry.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "queue.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
clean(const char *s)
{
	return s == NULL || strpbrk(s, "\r\n") == NULL;
}

static int
same_entry(const struct queue_entry *a, const struct queue_entry *b)
{
	size_t i;

	if (a->nrcpts != b->nrcpts || a->body_type != b->body_type ||
	    a->eightbit != b->eightbit || a->created != b->created ||
	    a->next_attempt != b->next_attempt || a->attempts != b->attempts)
		return 0;
	for (i = 0; i < a->nrcpts; i++)
		if (!same_str(a->rcpts[i], b->rcpts[i]))
			return 0;
	return same_str(a->account, b->account) &&
	    same_str(a->sender, b->sender) &&
	    same_str(a->dsn_notify, b->dsn_notify) &&
	    same_str(a->dsn_return, b->dsn_return) &&
	    same_str(a->dsn_envid, b->dsn_envid) &&
	    same_str(a->last_error, b->last_error);
}

static void
check_entry(const struct queue_entry *q)
{
	size_t i;

	if (q->sender == NULL || q->nrcpts == 0 || !clean(q->sender) ||
	    !clean(q->account) || !clean(q->dsn_notify) ||
	    !clean(q->dsn_return) || !clean(q->dsn_envid) ||
	    !clean(q->last_error))
		abort();
	for (i = 0; i < q->nrcpts; i++)
		if (q->rcpts[i][0] == '\0' || !clean(q->rcpts[i]))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct queue_entry q, again;
	struct buf text = BUF_INIT;
	struct err e;
	char why[256];

	why[0] = '\0';
	if (queue_env_parse((const char *)data, size, &q, why,
	    sizeof(why)) == -1) {
		if (q.sender != NULL || q.rcpts != NULL || why[0] == '\0')
			abort();
		return 0;
	}
	check_entry(&q);
	if (queue_env_format(&q, "reason", 1, &text, &e) == -1 ||
	    queue_env_parse(text.data, text.len, &again, why,
	    sizeof(why)) == -1 || !same_entry(&q, &again))
		abort();
	buf_free(&text);
	queue_entry_free(&again);
	queue_entry_free(&q);
	return 0;
}
