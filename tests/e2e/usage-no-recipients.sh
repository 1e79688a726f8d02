#!/bin/sh
# No recipient (none given; none found with -t): "no recipients", exit 64.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie -i
assert_exit 64
assert_stderr_contains "no recipients"

grep -v -e '^To:' "$DATA/plain.eml" >"$T/in"
INPUT=$T/in
run_postie -i -t
assert_exit 64
assert_stderr_contains "no recipients"
[ ! -s "$SRVDIR/commands" ] || fail "postie talked to the server"
