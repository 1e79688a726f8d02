#!/bin/sh
# A connection dropped in the middle of the message: queued; the next
# run delivers it once, whole.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "drop BODY 10"
write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
assert_queued 1

start_smtpd
write_config "queue_dir = \"$T/queue\""
run_postie -q
assert_exit 0
assert_message_count 1
grep -q "$(tail -n 1 "$INPUT")" "$SRVDIR/1.data" || fail "message not whole"
