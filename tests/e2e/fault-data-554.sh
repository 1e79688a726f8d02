#!/bin/sh
# 554 to DATA: the message is refused, exit 69, nothing sent.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply DATA 554 5.5.1 no thanks"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 69
assert_stderr_contains "127.0.0.1:$PORT: DATA rejected: 554 5.5.1 no thanks"
assert_no_message
