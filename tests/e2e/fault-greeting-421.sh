#!/bin/sh
# A 421 greeting: the server refuses the session; temporary, exit 75, and
# postie says no EHLO.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "greeting 421 4.3.2 try later" "close GREETING"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: server refused the session: 421 4.3.2 try later"
assert_no_command '^(EHLO|HELO|MAIL)'
