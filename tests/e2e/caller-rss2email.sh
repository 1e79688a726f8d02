#!/bin/sh
# rss2email writes a malformed, folded From: (a "<" inside the angle
# address). As it is, the field goes out unchanged; with set_from_header
# it becomes the account's from. The body has no final newline.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/rss2email-1.eml
run_postie -F "Feed Bot" -f rss@example.com alice@example.org
assert_exit 0
assert_envelope_from rss@example.com 1
to_crlf "$INPUT" "$T/want1"
assert_data "$T/want1" 1

write_config 'set_from_header = true' 'from = "feeds@example.net"'
run_postie -F "Feed Bot" -f rss@example.com alice@example.org
assert_exit 0
assert_envelope_from rss@example.com 2
awk '/^From:/ { print "From: feeds@example.net"; skip = 1; next }
	skip && /^[ \t]/ { next } { skip = 0; print }' "$INPUT" >"$T/rewritten"
[ "$(grep -c "" "$T/rewritten")" -lt "$(grep -c "" "$INPUT")" ] ||
    hard_error "the sample's From: is not folded"
to_crlf "$T/rewritten" "$T/want2"
assert_data "$T/want2" 2
