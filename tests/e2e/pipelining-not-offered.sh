#!/bin/sh
# When the server does not offer PIPELINING, postie sends one command and
# waits for its reply before the next; the message is still delivered.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "pipelining off"
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org bob@example.net
assert_exit 0
assert_rcpts "alice@example.org bob@example.net"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
if grep ' P ' "$SRVDIR/commands.log" >/dev/null; then
	cat "$SRVDIR/commands.log"
	fail "a command was sent before the reply to the previous one"
fi
assert_command "DATA"
