#!/bin/sh
# An added Date: is in RFC 5322 form, in the local time zone (TZ), and
# says the time of sending.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
grep -v -e '^Date:' "$DATA/plain.eml" >"$T/in"
INPUT=$T/in
n=0
for zone in XST-05:30 EST5 UTC0; do
	run_cmd env TZ=$zone "$POSTIE" -C "$CONF" alice@example.org
	assert_exit 0
	n=$((n + 1))
	to_crlf "$T/in" "$T/want"
	assert_data_added "$T/want" $n
	grep '^Date: ' "$T/added.$n" >"$T/date" || fail "no Date: added"
	"$PYTHON3" - "$T/date" "$zone" <<'PYEOF' || fail "wrong Date: $(cat "$T/date")"
import email.utils, sys, time
value = open(sys.argv[1]).read().split(": ", 1)[1].strip()
offset = {"XST-05:30": "+0530", "EST5": "-0500", "UTC0": "+0000"}[sys.argv[2]]
if not value.endswith(" " + offset):
    sys.exit("offset is not %s: %s" % (offset, value))
when = email.utils.parsedate_to_datetime(value).timestamp()
if abs(when - time.time()) > 120:
    sys.exit("%s is not now" % value)
PYEOF
done
