#!/bin/sh
# host = "unix:/path" connects to a unix socket; the message arrives
# byte-exact there as over TCP.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --unix "$T/smtp.sock"
write_config "host = \"unix:$T/smtp.sock\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
assert_rcpts "alice@example.org"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"

# A socket that does not exist is a temporary failure, named as such.
write_config "host = \"unix:$T/missing.sock\""
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "unix:$T/missing.sock: cannot connect: No such file or directory"
