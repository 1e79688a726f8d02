#!/bin/sh
# PHP 8 mail() writes CRLF header lines and an LF body: all of it goes out
# with CRLF, never "\r\r\n" (php-mail sample, with -i so the "." stays).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/php-mixed.eml
run_postie -i alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
printf '\r\r\n' >"$T/crcrlf"
assert_raw_lacks "$T/crcrlf"
