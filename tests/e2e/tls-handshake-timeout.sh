#!/bin/sh
# A server that never answers the TLS handshake is given up on within
# timeout (2 s here) plus a moment: exit 75, "timed out". A handshake
# that fails after STARTTLS sends nothing more in plaintext.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "stall GREETING 30"
write_config "tls = tls" "timeout = 2"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "TLS handshake: timed out after 2 s"
assert_elapsed_le 4

# After STARTTLS and its 220, a server that answers the handshake in
# plaintext: given up on at once, and nothing more goes out in
# plaintext, not even QUIT.
faultd_with "ehlo 250-faultd.test|250-STARTTLS|250 PIPELINING" \
    "reply STARTTLS 220 2.0.0 ready"
write_config "tls = starttls" "timeout = 2"
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: TLS handshake failed"
assert_command STARTTLS
assert_no_command QUIT
