#!/bin/sh
# 554 after the end of data: the message is refused, exit 69.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply EOD 554 5.7.1 message looks like spam"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 69
assert_stderr_contains "127.0.0.1:$PORT: message rejected at end of data: 554 5.7.1 message looks like spam"
