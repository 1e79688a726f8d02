#!/bin/sh
# A 50 MB message is sent whole, byte for byte (one line in a thousand
# starts with a dot, to be stuffed on the way).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --raw-max 0
write_config "timeout = 30"
{ sed '/^$/q' "$DATA/plain.eml"
  awk 'BEGIN { for (i = 0; i < 709000; i++)
	printf "%s%07d the quick brown fox jumps over the lazy dog 0123456789 abcdefghij\n",
	    (i % 1000 == 7 ? "." : ""), i }'; } >"$T/in"
[ "$(wc -c <"$T/in")" -gt 52000000 ] || hard_error "input too small"
to_crlf "$T/in" "$T/want"
INPUT=$T/in
run_postie -i alice@example.org
assert_exit 0
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"
