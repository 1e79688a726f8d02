#!/bin/sh
# --version prints the program name and version and exits 0, with no
# configuration file needed.
. "$TESTS_SRCDIR/lib.sh"

run_cmd "$POSTIE" --version
assert_exit 0
grep -E '^postie [0-9]+\.[0-9]+' "$T/stdout" >/dev/null ||
    fail "no \"postie VERSION\" line on stdout"
