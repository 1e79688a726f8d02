/*
 * Minimal table-driven test helpers: each check prints RUN/PASS/FAIL with
 * a label; t_done() returns the exit status for main.
 */
#ifndef POSTIE_T_H
#define POSTIE_T_H

#include <stdio.h>
#include <string.h>

static int t_failed, t_run;

#define T_CHECK(label, cond) do {					\
	t_run++;							\
	if (cond)							\
		printf("PASS: %s\n", (label));				\
	else {								\
		t_failed++;						\
		printf("FAIL: %s (%s:%d: %s)\n", (label), __FILE__,	\
		    __LINE__, #cond);					\
	}								\
} while (0)

#define T_STREQ(label, got, want) do {					\
	const char *t_g = (got), *t_w = (want);				\
	t_run++;							\
	if (t_g != NULL && t_w != NULL && strcmp(t_g, t_w) == 0)	\
		printf("PASS: %s\n", (label));				\
	else {								\
		t_failed++;						\
		printf("FAIL: %s (%s:%d): got \"%s\", want \"%s\"\n",	\
		    (label), __FILE__, __LINE__,			\
		    t_g ? t_g : "(null)", t_w ? t_w : "(null)");	\
	}								\
} while (0)

static inline int
t_done(void)
{
	printf("%d run, %d failed\n", t_run, t_failed);
	return t_failed ? 1 : 0;
}

#endif
