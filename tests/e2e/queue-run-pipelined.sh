#!/bin/sh
# A queue run pipelines from one message to the next (RFC 2920): each
# end of data goes in one flight with the next message's MAIL, RCPT and
# DATA, the last one with QUIT, and every reply is still read and
# heeded: refused at its end of data, a message moves to failed/;
# deferred there, it stays queued; the others leave the queue, each
# delivered once. No RSET is needed after an end of data.
. "$TESTS_SRCDIR/lib.sh"

write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
for i in 1 2 3 4; do
	run_postie -odq "rcpt$i@example.org"
	assert_exit 0
done

faultd_with "reply EOD#2 554 5.7.1 refused here" \
    "reply EOD#3 451 4.3.0 try again later"
write_config "queue_dir = \"$T/queue\""
run_postie -q
assert_exit 0
assert_message_count 4
assert_no_command '^RSET'

# Each "." shares its read with what follows it: MAIL, or QUIT at last.
awk '
	prev != "" {
		if ($2 != prevchunk || $4 != want)
			bad = bad "\n" prevline " / " $0
		prev = ""
	}
	$4 == "." { n++; prev = $0; prevline = $0; prevchunk = $2
		want = n < 4 ? "MAIL" : "QUIT" }
	END { if (n != 4 || prev != "") bad = bad "\n" n " ends of data"
		if (bad != "") { print bad; exit 1 } }
' "$SRVDIR/commands.log" >"$T/flights" ||
    fail "not pipelined across messages:$(cat "$T/flights")"

# rcpt2: refused for good; rcpt3: deferred; rcpt1 and rcpt4: sent.
assert_queued 1
grep -q 'rcpt3@example.org' "$T"/queue/*.env || fail "rcpt3 not kept"
grep -q '451 4.3.0 try again later' "$T"/queue/*.env ||
    fail "no reason kept: $(cat "$T"/queue/*.env)"
assert_queued 1 "$T/queue/failed"
grep -q 'rcpt2@example.org' "$T"/queue/failed/*.env || fail "rcpt2 not failed"
grep -q '554 5.7.1 refused here' "$T"/queue/failed/*.env ||
    fail "no reason in failed/: $(cat "$T"/queue/failed/*.env)"
