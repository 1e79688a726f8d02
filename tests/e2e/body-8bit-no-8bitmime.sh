#!/bin/sh
# A server that does not offer 8BITMIME still gets the 8-bit message, byte
# for byte, without a BODY= parameter (and -B8BITMIME does not force one).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --no-8bitmime
write_config
INPUT=$DATA/latin1.eml
run_postie -i -B8BITMIME alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
assert_no_command '^MAIL FROM:.*BODY='
