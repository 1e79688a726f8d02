#!/bin/sh
# A server that accepts the connection but never greets: exit 75 after
# `timeout` seconds.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "stall GREETING 30"
write_config "timeout = 2"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "timed out"
assert_elapsed_le 4
