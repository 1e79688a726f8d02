#!/bin/sh
# A message with an empty body is sent as its header and the empty line;
# so is a message that ends right after its header, without empty line.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
sed '/^$/q' "$DATA/plain.eml" >"$T/in1"
to_crlf "$T/in1" "$T/want"
INPUT=$T/in1
run_postie alice@example.org
assert_exit 0
assert_data "$T/want" 1

sed '/^$/,$d' "$DATA/plain.eml" >"$T/in2"
INPUT=$T/in2
run_postie alice@example.org
assert_exit 0
assert_data "$T/want" 2
