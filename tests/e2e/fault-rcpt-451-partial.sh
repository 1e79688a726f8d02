#!/bin/sh
# One recipient of two deferred (451): the message goes to the other; the
# deferral is reported and the exit status is 75.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply RCPT#2 451 4.3.0 try again later"
write_config
INPUT=$DATA/plain.eml
run_postie good@example.org later@example.org
assert_exit 75
assert_stderr_contains "RCPT TO:<later@example.org> rejected: 451 4.3.0 try again later"
assert_rcpts good@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
