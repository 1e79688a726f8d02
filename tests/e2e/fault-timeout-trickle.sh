#!/bin/sh
# A server that sends its EHLO reply one byte a second: the timeout bounds
# the whole reply, not each read, so postie gives up after about
# `timeout` seconds, exit 75.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "trickle EHLO 0.5"
write_config "timeout = 2"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "timed out"
assert_elapsed_le 4
