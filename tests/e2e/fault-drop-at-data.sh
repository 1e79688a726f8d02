#!/bin/sh
# The server closes the connection instead of answering DATA: exit 75.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "drop DATA"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: connection closed by the server while waiting for the reply to DATA"
assert_no_message
