#!/bin/sh
# 451 to MAIL FROM: temporary failure, exit 75, with the server's reply.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply MAIL 451 4.3.0 busy"
write_config
INPUT=$DATA/plain.eml
run_postie -f sender@example.com alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: MAIL FROM:<sender@example.com> rejected: 451 4.3.0 busy"
assert_no_message
