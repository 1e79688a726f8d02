#!/bin/sh
# CRLF input is sent as it is: never "\r\r\n".
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
to_crlf "$DATA/plain.eml" "$T/in"
INPUT=$T/in
run_postie alice@example.org
assert_exit 0
printf '\r\r\n' >"$T/crcrlf"
assert_raw_lacks "$T/crcrlf"
assert_data "$T/in"
