#!/bin/sh
# --queue-run attempts only messages whose retry time has come; a message
# older than queue_lifetime moves to failed/ with its reason; a permanent
# refusal (5xx) during a run moves it to failed/ at once.
. "$TESTS_SRCDIR/lib.sh"

# A 2 s lifetime is shorter than two runs take under valgrind.
[ -z "$VALGRIND" ] || skip "timed for a postie that starts at once"
port=$(free_port)
PORT=$port
write_config "queue_dir = \"$T/queue\"" "queue_lifetime = 2s"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
start_smtpd --port "$port"

# Just deferred: its next attempt is a minute away.
run_postie --queue-run
assert_exit 0
assert_message_count 0
assert_queued 1

sleep 2
run_postie --queue-run
assert_exit 0
assert_message_count 0
ls "$T/queue/failed" | grep -q '\.env$' || fail "not moved to failed/"
grep -q '^failed: .*lifetime' "$T"/queue/failed/*.env ||
    fail "no reason: $(cat "$T"/queue/failed/*.env)"
assert_queued 0

start_smtpd --reject-rcpt alice@example.org
port2=$PORT
write_config "queue_dir = \"$T/queue2\"" "port = $port2"
run_postie -odq alice@example.org
run_postie -q
assert_exit 0
ls "$T/queue2/failed" | grep -q '\.env$' || fail "5xx not moved to failed/"
grep -q '^failed: .*550' "$T"/queue2/failed/*.env || fail "no 550 reason"
