#!/bin/sh
# Invoked under the name "sendmail" (a symbolic link), postie works as
# itself: the message is delivered.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
ln -s "$POSTIE" "$T/sendmail" || hard_error "ln -s failed"
INPUT=$DATA/plain.eml
run_cmd "$T/sendmail" -C "$CONF" -oi -f sender@example.com alice@example.org
assert_exit 0
assert_envelope_from sender@example.com
assert_rcpts alice@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
