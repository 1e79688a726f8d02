#!/bin/sh
# Over-long values are refused, never cut short nor sent in part: an
# address over 254 octets (RFC 5321 allows a path of 256 with its
# brackets) from -f, an argument, a -t header or the configuration, and
# -f, -F, --host, -V past their own limits. The server sees no MAIL. An
# address of exactly 254 octets goes through whole.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
faultd_with "# a plain server"
bad=

# repeat N CHAR: CHAR N times.
repeat()
{
	awk -v n="$1" -v c="$2" 'BEGIN { while (n-- > 0) printf "%s", c }'
}

# 64 + "@" + 189 = 254 octets; one more is too many.
local64=$(repeat 64 l)
label=$(repeat 61 d)
dom189=$label.$label.$label.org
max=$local64@$dom189
over=${local64}x@$dom189
[ ${#max} -eq 254 ] || hard_error "the longest address has ${#max} octets"

write_config
refused 65 "longer than 254 octets" -f "$over" bob@example.org
refused 65 "longer than 254 octets" "$over"
refused 65 "longer than 254 octets" bob@example.org \
    "$(repeat 3000 a)@example.org"
refused 64 "-f value is longer than 998 octets" -f "$(repeat 999 a)" \
    bob@example.org
refused 64 "-F value is longer than 998 octets" -F "$(repeat 999 n)" \
    bob@example.org
refused 64 "--host value is longer than 255 octets" \
    "--host=$(repeat 256 h)" bob@example.org
refused 64 "-V value is longer than 100 octets" -V "$(repeat 101 v)" \
    bob@example.org
printf 'To: %s\nSubject: long\n\nhi\n' "$over" >"$T/long-to.eml"
INPUT=$T/long-to.eml
refused 65 "longer than 254 octets" -t
INPUT=$DATA/plain.eml
write_config "from = \"$over\""
refused 78 "longer than 254 octets" bob@example.org
[ -z "$bad" ] || fail "not refused as they should be: $bad"

# The longest allowed addresses arrive whole.
write_config
run_postie -f "$max" "$max"
assert_exit 0
assert_envelope_from "$max"
assert_rcpts "$max"
