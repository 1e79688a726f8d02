#!/bin/sh
# A message without From: gets one built from the envelope sender (-f)
# and the full name (-F); the rest of the message is unchanged.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
grep -v -e '^From:' "$DATA/plain.eml" >"$T/in"
INPUT=$T/in
run_postie -F "Joe Q" -f joe@example.com alice@example.org
assert_exit 0
assert_envelope_from joe@example.com
data=$SRVDIR/1.data
sed -n '1,/^\r$/p' "$data" | tr -d '\r' >"$T/head"
from=$(grep -i '^From:' "$T/head")
[ "$(grep -c -i '^From:' "$T/head")" -eq 1 ] || fail "not one From: header"
case $from in
*joe@example.com*) ;;
*) fail "From: lacks the sender: $from" ;;
esac
case $from in
*"Joe Q"*) ;;
*) fail "From: lacks the -F name: $from" ;;
esac
awk 'NR == 1 { h = 1 } h && /^\r$/ { h = 0 }
	h && tolower($0) ~ /^from:/ { next } { print }' "$data" >"$T/stripped"
to_crlf "$T/in" "$T/want"
assert_file_equals "$T/want" "$T/stripped"
