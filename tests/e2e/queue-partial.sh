#!/bin/sh
# 451 for one recipient of two: the other gets the message now, the
# deferred one is queued alone and gets it on the next run, once.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --tempfail-rcpt bob@example.net
port=$PORT
write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
run_postie alice@example.org bob@example.net
assert_exit 0
assert_message_count 1
assert_rcpts "alice@example.org"
grep -q '^recipient: bob@example.net$' "$T"/queue/*.env ||
    fail "bob not pending: $(cat "$T"/queue/*.env)"
grep -q 'alice' "$T"/queue/*.env && fail "alice queued again"

stop_servers
start_smtpd --port "$port"
run_postie -q
assert_exit 0
assert_message_count 1
assert_rcpts "bob@example.net"
