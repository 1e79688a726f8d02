#!/bin/sh
# 550 to MAIL FROM: the server refuses the message, exit 69.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply MAIL 550 5.7.1 sender not allowed"
write_config
INPUT=$DATA/plain.eml
run_postie -f sender@example.com alice@example.org
assert_exit 69
assert_stderr_contains "MAIL FROM:<sender@example.com> rejected: 550 5.7.1 sender not allowed"
assert_no_message
