#!/bin/sh
# A non-ASCII address when the server offers SMTPUTF8: MAIL FROM carries
# SMTPUTF8 and the address goes out in UTF-8; ASCII-only messages do not
# ask for it.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --smtputf8
write_config
INPUT=$DATA/plain.eml
run_postie -i -f 'sénder@example.com' 'jörg@exämple.org' alice@example.org
assert_exit 0
assert_mailopt SMTPUTF8
assert_envelope_from 'sénder@example.com'
assert_rcpts 'jörg@exämple.org alice@example.org'
assert_command 'RCPT TO:<jörg@exämple.org>'
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"

run_postie -i alice@example.org
assert_exit 0
! grep -q SMTPUTF8 "$SRVDIR/2.mailopts" || fail "SMTPUTF8 asked for an ASCII message"
