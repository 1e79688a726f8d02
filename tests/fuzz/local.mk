# libFuzzer targets, built with --enable-fuzz (clang).
if ENABLE_FUZZ
FUZZ_TARGETS =
noinst_PROGRAMS = $(FUZZ_TARGETS)
endif
