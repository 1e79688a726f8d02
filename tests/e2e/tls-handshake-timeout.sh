#!/bin/sh
# A server that never answers the TLS handshake is given up on within
# timeout (2 s here) plus a moment: exit 75, "timed out".
. "$TESTS_SRCDIR/lib.sh"

faultd_with "stall GREETING 30"
write_config "tls = tls" "timeout = 2"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "TLS handshake: timed out after 2 s"
assert_elapsed_le 4
