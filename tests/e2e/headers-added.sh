#!/bin/sh
# A message without Date: and Message-ID: gets both, at the end of the
# header block; every other byte is unchanged.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
grep -v -e '^Date:' -e '^Message-ID:' "$DATA/plain.eml" >"$T/in"
INPUT=$T/in
run_postie alice@example.org
assert_exit 0
data=$SRVDIR/1.data

# Without the two added lines, the data is the input.
awk 'NR == 1 { h = 1 } h && /^\r$/ { h = 0 }
	h && tolower($0) ~ /^(date|message-id):/ { next } { print }' \
    "$data" >"$T/stripped"
to_crlf "$T/in" "$T/want"
assert_file_equals "$T/want" "$T/stripped"

# The input's header lines come first, then the two added lines.
nh=$(sed '/^$/q' "$T/in" | wc -l)
nh=$((nh - 1))
head -n "$nh" "$T/want" >"$T/want-head"
head -n "$nh" "$data" >"$T/got-head"
assert_file_equals "$T/want-head" "$T/got-head"
sed -n "$((nh + 1)),$((nh + 3))p" "$data" | tr -d '\r' >"$T/added"
grep -i -E '^Date: ([A-Z][a-z]{2}, )?[0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})? [-+][0-9]{4}' \
    "$T/added" >/dev/null || { cat "$T/added"; fail "no valid Date: added"; }
grep -i -E '^Message-ID: <[^<>@ ]+@test\.example>$' "$T/added" >/dev/null ||
    { cat "$T/added"; fail "no Message-ID: <...@test.example> added"; }
[ "$(sed -n 3p "$T/added")" = "" ] || fail "the header does not end after the added lines"
