#!/bin/sh
# Every recipient refused: each one reported, then "no recipient was
# accepted", exit 67, and no message data sent (without PIPELINING not
# even DATA).
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply RCPT 550 5.1.1 no such user"
write_config
INPUT=$DATA/plain.eml
run_postie a@example.org b@example.org
assert_exit 67
assert_stderr_contains "RCPT TO:<a@example.org> rejected: 550 5.1.1 no such user"
assert_stderr_contains "RCPT TO:<b@example.org> rejected: 550 5.1.1 no such user"
assert_stderr_contains "127.0.0.1:$PORT: no recipient was accepted; message not sent"
assert_no_message
assert_no_command '^\.$'

faultd_with "reply RCPT 550 5.1.1 no such user" "pipelining off"
write_config
run_postie a@example.org b@example.org
assert_exit 67
assert_stderr_contains "no recipient was accepted; message not sent"
assert_no_message
assert_no_command '^DATA'
