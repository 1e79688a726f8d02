#!/bin/sh
# A queue run's log lines: the real time each message took, the
# server's reply to a message sent, and a recipient refused for good while another of the same message waits is
# logged as failed (not dropped silently). mailq with no configuration
# anywhere: an empty queue, exit 0.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply RCPT#1 550 5.1.1 no such user" \
    "reply RCPT#2 451 4.3.0 later" "stall EOD 1"
write_config "queue_dir = \"$T/queue\"" "logfile = \"$T/log\""
INPUT=$DATA/plain.eml
run_postie -odq gone@example.org later@example.org
run_postie -q
assert_exit 0
grep 'status=failed' "$T/log" | grep -q 'RCPT TO:<gone@example.org> rejected: 550' ||
    fail "refusal not logged: $(cat "$T/log")"
grep -q '^recipient: later@example.org$' "$T"/queue/*.env || fail "later lost"

faultd_with "stall EOD 1"
write_config "queue_dir = \"$T/queue\"" "logfile = \"$T/log\""
run_postie -q
assert_exit 0
line=$(grep 'status=sent' "$T/log" | tail -n 1)
secs=$(printf '%s\n' "$line" | sed -n 's/.*elapsed=\([0-9]*\)\..*/\1/p')
[ "${secs:-0}" -ge 1 ] || fail "elapsed not measured: $line"
# The server's reply to the end of data, as a one-shot send logs it.
case $line in
*'smtp="250 2.0.0 Ok: queued as '*) ;;
*) fail "no server reply in the log line: $line" ;;
esac

CONF=
run_cmd "$POSTIE" -bp
assert_exit 0
assert_stdout_contains "Mail queue is empty"
