#!/bin/sh
# Multi-line replies (greeting, MAIL, RCPT, end of data) are read whole;
# the message is delivered and a multi-line refusal is reported.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "greeting 220-faultd.test ESMTP|220-second line|220 last line" \
    "reply MAIL 250-2.1.0 sender|250 2.1.0 Ok" \
    "reply RCPT#1 250-2.1.5 first|250-2.1.5 second|250 2.1.5 Ok" \
    "reply RCPT#2 550-5.1.1 first line|550 5.1.1 no such user" \
    "reply EOD 250-2.0.0 one|250 2.0.0 Ok: queued"
write_config
INPUT=$DATA/plain.eml
run_postie good@example.org bad@example.org
assert_exit 67
assert_stderr_contains "RCPT TO:<bad@example.org> rejected: 550"
assert_stderr_contains "no such user"
assert_rcpts good@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
