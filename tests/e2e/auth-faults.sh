#!/bin/sh
# AUTH answered 454 is temporary (75); a server offering no AUTH to a
# configured user is 77, at once; on loopback, credentials may go
# without TLS.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
faultd_with "ehlo 250-faultd.test|250-AUTH PLAIN|250 PIPELINING" \
    "reply AUTH 454 4.7.0 temporary authentication failure"
write_config 'user = "alice"' 'password = "pw"'
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "authentication (PLAIN) failed: 454 4.7.0"
assert_no_command "^MAIL"

# The server would take its time over QUIT: postie, having failed,
# says QUIT and goes without waiting for the reply.
faultd_with "pipelining on" "stall QUIT 10"
write_config 'user = "alice"' 'password = "pw"'
run_postie alice@example.org
assert_exit 77
assert_stderr_contains "no AUTH"
assert_no_command "^MAIL"
assert_command QUIT
assert_elapsed_le 1

faultd_with "ehlo 250-faultd.test|250-AUTH PLAIN|250 PIPELINING" \
    "reply AUTH 235 2.7.0 ok"
write_config 'user = "alice"' 'password = "pw"'
run_postie alice@example.org
assert_exit 0
assert_command "AUTH PLAIN $(printf '\0alice\0pw' | base64)"
assert_message_count 1
