#!/bin/sh
# PHP 8 mail() as its sendmail_path "sendmail -t -i" runs it: CRLF header
# lines, an LF body with a lone "." line (kept, -i), recipients from To,
# Cc and Bcc; Bcc is removed, Date and Message-ID are added, every other
# byte goes out as written, with CRLF.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config 'from = "www-data@example.com"'
INPUT=$DATA/php-mail-1.eml
grep -q "^Bcc: dave@example.org$(printf '\r')\$" "$INPUT" ||
    hard_error "the sample lost its Bcc line"
run_postie -t -i
assert_exit 0
assert_envelope_from www-data@example.com
assert_rcpts "alice@example.org bob@example.net carol@example.org dave@example.org"
grep -v '^Bcc:' "$INPUT" >"$T/nobcc"
to_crlf "$T/nobcc" "$T/want"
assert_data_added "$T/want"
printf '\r\r\n' >"$T/crcrlf"
assert_raw_lacks "$T/crcrlf"
! grep -q 'dave@example.org' "$SRVDIR/1.data" || fail "the Bcc address was sent"
