#!/bin/sh
# Bcc: is removed from what is sent, folded continuation lines included,
# also when the recipients come from the arguments.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
awk '{ print } /^To:/ { print "Bcc: hidden@example.org,"
	print "\tother-hidden@example.org" }' "$DATA/plain.eml" >"$T/in"
grep -q '^Bcc:' "$T/in" || hard_error "no Bcc in the input"
INPUT=$T/in
run_postie -i alice@example.org hidden@example.org
assert_exit 0
to_crlf "$DATA/plain.eml" "$T/want"
assert_data "$T/want"
assert_rcpts "alice@example.org hidden@example.org"
