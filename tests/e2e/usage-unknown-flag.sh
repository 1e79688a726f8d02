#!/bin/sh
# An unknown flag: one line naming it, exit 64 (EX_USAGE), nothing sent.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie --frobnicate alice@example.org
assert_exit 64
assert_stderr_contains "--frobnicate"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "more than one line on stderr"

run_postie -y alice@example.org
assert_exit 64
assert_stderr_contains "-y"
[ ! -s "$SRVDIR/commands" ] || fail "postie talked to the server"
