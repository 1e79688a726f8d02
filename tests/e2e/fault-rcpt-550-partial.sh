#!/bin/sh
# One recipient of two refused (550): the message goes to the other, the
# refusal is reported with the server's reply, exit 67.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply RCPT#2 550 5.1.1 no such user"
write_config
INPUT=$DATA/plain.eml
run_postie good@example.org bad@example.org
assert_exit 67
assert_stderr_contains "127.0.0.1:$PORT: RCPT TO:<bad@example.org> rejected: 550 5.1.1 no such user"
assert_stderr_not_contains "good@example.org"
assert_message_count 1
assert_rcpts good@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
