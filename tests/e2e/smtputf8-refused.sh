#!/bin/sh
# A non-ASCII address (recipient or sender) when the server does not
# offer SMTPUTF8: a clear error, exit 65, before MAIL FROM is sent.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie -i 'jörg@exämple.org'
assert_exit 65
assert_stderr_contains "SMTPUTF8"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "not one line on stderr"
assert_no_command '^MAIL'
assert_no_message

run_postie -i -f 'jörg@example.org' alice@example.org
assert_exit 65
assert_stderr_contains "SMTPUTF8"
assert_no_command '^(MAIL|RCPT|DATA)'
assert_no_message
