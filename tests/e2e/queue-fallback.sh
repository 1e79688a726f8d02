#!/bin/sh
# fallback: when the account's host cannot be reached, the fallback
# account is tried before queueing; a loop of fallbacks ends.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
good=$PORT
down=$(free_port)
PORT=
write_config "queue_dir = \"$T/queue\"" \
    "account first { port = $down" 'fallback = "second" }' \
    "account second { port = $good" 'fallback = "first" }' \
    'default_account = "first"'
INPUT=$DATA/plain.eml
run_postie -v alice@example.org
assert_exit 0
assert_message_count 1
assert_stderr_contains "trying account second"
assert_queued 0

# Both down: the loop ends and the message is queued.
write_config "queue_dir = \"$T/queue\"" \
    "account first { port = $down" 'fallback = "second" }' \
    "account second { port = $down" 'fallback = "first" }' \
    'default_account = "first"'
run_postie alice@example.org
assert_exit 0
assert_queued 1
