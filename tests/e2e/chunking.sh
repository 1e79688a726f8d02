#!/bin/sh
# CHUNKING (RFC 3030): with CHUNKING and PIPELINING offered, MAIL, RCPT,
# "BDAT <size> LAST" with the message as it is (no dot-stuffing) and QUIT
# leave in one flight; the server receives the exact bytes. -BBINARYMIME
# becomes BODY=BINARYMIME when BINARYMIME is offered too. Without
# PIPELINING, BDAT still, one command at a time.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-8BITMIME|250-BINARYMIME|250 CHUNKING"
write_config
INPUT=$DATA/dots.eml
run_postie -i alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
size=$(wc -c <"$T/want")
grep -q "^BDAT $size LAST\$" "$SRVDIR/commands" ||
    fail "no BDAT $size LAST: $(cat "$SRVDIR/commands")"
assert_no_command "^DATA"
# MAIL, RCPT and BDAT arrived in one read: one flight.
chunks=$(grep -E ' (MAIL|RCPT|BDAT) ' "$SRVDIR/commands.log" | awk '{print $2}' | sort -u | wc -l)
[ "$chunks" -eq 1 ] || fail "not one flight: $(cat "$SRVDIR/commands.log")"

run_postie -BBINARYMIME alice@example.org
assert_exit 0
grep -q '^MAIL FROM:<[^>]*> .*BODY=BINARYMIME' "$SRVDIR/commands" ||
    fail "no BODY=BINARYMIME: $(grep '^MAIL' "$SRVDIR/commands")"

faultd_with "ehlo 250-faultd.test|250-PIPELINING|250 CHUNKING" \
    "reply EOD 554 5.7.1 refused"
write_config
run_postie alice@example.org
assert_exit 69
assert_stderr_contains "message rejected at end of data: 554 5.7.1 refused"

# CHUNKING without PIPELINING: BDAT all the same, each command after the
# reply to the one before (each in a read of its own), BINARYMIME too.
faultd_with "ehlo 250-faultd.test|250-8BITMIME|250-BINARYMIME|250 CHUNKING"
write_config
run_postie -i alice@example.org bob@example.net
assert_exit 0
assert_data "$T/want"
grep -q "^BDAT $size LAST\$" "$SRVDIR/commands" ||
    fail "no BDAT $size LAST: $(cat "$SRVDIR/commands")"
assert_no_command "^DATA"
chunks=$(grep -E ' (MAIL|RCPT|BDAT) ' "$SRVDIR/commands.log" | awk '{print $2}' | sort -u | wc -l)
[ "$chunks" -eq 4 ] || fail "not one step at a time: $(cat "$SRVDIR/commands.log")"
run_postie -BBINARYMIME alice@example.org
assert_exit 0
grep -q '^MAIL FROM:<[^>]*> .*BODY=BINARYMIME' "$SRVDIR/commands" ||
    fail "no BODY=BINARYMIME: $(grep '^MAIL' "$SRVDIR/commands")"
