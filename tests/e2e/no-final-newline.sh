#!/bin/sh
# A message whose last line has no line end gets one (CRLF).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
printf '%s' "$(cat "$DATA/plain.eml")" >"$T/in"
[ "$(tail -c 1 "$T/in")" = r ] || hard_error "fixture ends oddly"
INPUT=$T/in
run_postie alice@example.org
assert_exit 0
to_crlf "$DATA/plain.eml" "$T/want"
assert_data "$T/want"
