#!/bin/sh
# -odq queues without connecting; a new message is still sent at once
# while older ones wait (no head-of-line blocking); without queue_dir,
# -odq is a configuration error.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
run_postie -odq alice@example.org
assert_exit 0
[ -s "$SRVDIR/commands" ] && fail "-odq connected: $(cat "$SRVDIR/commands")"
run_postie bob@example.net
assert_exit 0
assert_message_count 1
assert_rcpts "bob@example.net"
assert_queued 1

# -odq is no failed attempt: the next --queue-run sends it at once.
run_postie --queue-run
assert_exit 0
assert_message_count 2
assert_queued 0

write_config
run_postie -odq alice@example.org
assert_exit 78
assert_stderr_contains "queue_dir is not set"
