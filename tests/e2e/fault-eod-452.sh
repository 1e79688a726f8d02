#!/bin/sh
# 452 after the end of data: temporary failure, exit 75.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply EOD 452 4.3.1 insufficient system storage"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: message rejected at end of data: 452 4.3.1 insufficient system storage"
