#!/bin/sh
# A server that stops answering (here to RCPT TO): postie gives up after
# `timeout` seconds, exit 75, "timed out".
. "$TESTS_SRCDIR/lib.sh"

faultd_with "stall RCPT 30"
write_config "timeout = 2"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: timed out after 2 s waiting for the reply to RCPT TO"
assert_elapsed_le 4
assert_no_message
