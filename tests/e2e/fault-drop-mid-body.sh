#!/bin/sh
# The server closes the connection in the middle of the message: exit 75.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "drop BODY 100"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: connection closed by the server"
assert_no_message
