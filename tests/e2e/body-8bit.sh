#!/bin/sh
# An 8-bit (ISO-8859-1) body passes byte for byte, and MAIL FROM says
# BODY=8BITMIME since the server offers 8BITMIME.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/latin1.eml
run_postie -i alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
assert_mailopt BODY=8BITMIME
