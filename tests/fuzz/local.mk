# libFuzzer targets, built with --enable-fuzz and CC=clang; configure then
# adds -fsanitize=fuzzer-no-link to everything and -fsanitize=fuzzer here.
FUZZ_SRCS = \
	tests/fuzz/fuzz_addr.c \
	tests/fuzz/fuzz_auth.c \
	tests/fuzz/fuzz_aliases.c \
	tests/fuzz/fuzz_conf_values.c \
	tests/fuzz/fuzz_header.c \
	tests/fuzz/fuzz_queue.c \
	tests/fuzz/fuzz_reply.c \
	tests/fuzz/fuzz_serve.c \
	tests/fuzz/fuzz_smtp.c \
	tests/fuzz/fuzz_spool.c
EXTRA_DIST += $(FUZZ_SRCS) tests/fuzz/corpus

if ENABLE_FUZZ
FUZZ_TARGETS = \
	tests/fuzz/fuzz_addr \
	tests/fuzz/fuzz_auth \
	tests/fuzz/fuzz_aliases \
	tests/fuzz/fuzz_conf_values \
	tests/fuzz/fuzz_header \
	tests/fuzz/fuzz_queue \
	tests/fuzz/fuzz_reply \
	tests/fuzz/fuzz_serve \
	tests/fuzz/fuzz_smtp \
	tests/fuzz/fuzz_spool
noinst_PROGRAMS = $(FUZZ_TARGETS)
FUZZ_LINK = -fsanitize=fuzzer
tests_fuzz_fuzz_addr_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_auth_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# It calls GnuTLS's base64 itself, to build its inputs.
tests_fuzz_fuzz_auth_LDADD = $(LDADD) $(GNUTLS_LIBS)
tests_fuzz_fuzz_aliases_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_conf_values_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_header_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# Linked, GnuTLS (for an 8-bit -F name) is there from the start and is
# not loaded later: LeakSanitizer's dynamic TLS bug (Makefile.am) stays
# out of the fuzz runs, which do not go through make check.
tests_fuzz_fuzz_header_LDADD = $(LDADD) $(GNUTLS_LIBS)
tests_fuzz_fuzz_queue_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_reply_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_serve_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_smtp_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_spool_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
endif
