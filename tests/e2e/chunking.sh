#!/bin/sh
# CHUNKING (RFC 3030): with CHUNKING and PIPELINING offered, MAIL, RCPT,
# "BDAT <size> LAST" with the message as it is (no dot-stuffing) and QUIT
# leave in one flight; the server receives the exact bytes. -BBINARYMIME
# becomes BODY=BINARYMIME when BINARYMIME is offered too. Without
# PIPELINING, BDAT still, one command at a time.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/dots.eml
to_crlf "$INPUT" "$T/want"
size=$(wc -c <"$T/want")

# sent_with_bdat READS RCPT...: the message went as "BDAT <size> LAST"
# with its exact bytes, no DATA, MAIL, RCPT and BDAT in READS reads of
# the server; and -BBINARYMIME declares BODY=BINARYMIME.
sent_with_bdat()
{
	_reads=$1
	shift
	write_config
	run_postie -i "$@"
	assert_exit 0
	assert_data "$T/want"
	grep -q "^BDAT $size LAST\$" "$SRVDIR/commands" ||
	    fail "no BDAT $size LAST: $(cat "$SRVDIR/commands")"
	assert_no_command "^DATA"
	_n=$(grep -E ' (MAIL|RCPT|BDAT) ' "$SRVDIR/commands.log" |
	    awk '{print $2}' | sort -u | wc -l)
	[ "$_n" -eq "$_reads" ] ||
	    fail "in $_n reads, not $_reads: $(cat "$SRVDIR/commands.log")"
	run_postie -BBINARYMIME alice@example.org
	assert_exit 0
	grep -q '^MAIL FROM:<[^>]*> .*BODY=BINARYMIME' "$SRVDIR/commands" ||
	    fail "no BODY=BINARYMIME: $(grep '^MAIL' "$SRVDIR/commands")"
}

# With PIPELINING: one flight.
faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-8BITMIME|250-BINARYMIME|250 CHUNKING"
sent_with_bdat 1 alice@example.org

faultd_with "ehlo 250-faultd.test|250-PIPELINING|250 CHUNKING" \
    "reply EOD 554 5.7.1 refused"
write_config
run_postie alice@example.org
assert_exit 69
assert_stderr_contains "message rejected at end of data: 554 5.7.1 refused"

# CHUNKING without PIPELINING: BDAT all the same, each command after the
# reply to the one before (each in a read of its own).
faultd_with "ehlo 250-faultd.test|250-8BITMIME|250-BINARYMIME|250 CHUNKING"
sent_with_bdat 4 alice@example.org bob@example.net
