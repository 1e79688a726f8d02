#!/bin/sh
# Several recipient arguments: one message, one RCPT TO each.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie -i alice@example.org bob@example.net carol@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
assert_rcpts "alice@example.org bob@example.net carol@example.org"
assert_message_count 1
assert_command "RCPT TO:<alice@example.org>"
assert_command "RCPT TO:<bob@example.net>"
assert_command "RCPT TO:<carol@example.org>"
