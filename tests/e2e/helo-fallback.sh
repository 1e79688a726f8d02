#!/bin/sh
# A server that refuses EHLO gets HELO, then plain SMTP: no pipelining and
# no MAIL FROM parameters; the message is delivered.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "reply EHLO 502 5.5.2 Error: command not recognized"
write_config
INPUT=$DATA/latin1.eml
run_postie -i -f sender@example.com alice@example.org bob@example.net
assert_exit 0
assert_command "HELO test.example"
assert_command "MAIL FROM:<sender@example.com>"
assert_rcpts "alice@example.org bob@example.net"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
if grep ' P ' "$SRVDIR/commands.log" >/dev/null; then
	cat "$SRVDIR/commands.log"
	fail "commands were pipelined without PIPELINING"
fi
