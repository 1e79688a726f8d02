#!/bin/sh
# A queue run killed with SIGKILL in the middle of a message loses
# nothing: the next run delivers it (at least once: the one in flight
# may arrive twice, never zero times).
. "$TESTS_SRCDIR/lib.sh"

faultd_with "stall EOD 20"
write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
run_postie -odq alice@example.org
env -u POSTIE_CONFIG HOME="$T" "$POSTIE" -C "$CONF" -q </dev/null \
    >/dev/null 2>&1 &
pid=$!
i=0
while ! grep -q '^\.$' "$SRVDIR/commands" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
assert_queued 1

start_smtpd
write_config "queue_dir = \"$T/queue\""
run_postie -q
assert_exit 0
assert_message_count 1
assert_queued 0
