#!/bin/sh
# A plain LF message with one recipient argument reaches the server with
# CRLF line ends and otherwise unchanged; the envelope sender defaults to
# the real user at the configured domain; nothing is printed.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
assert_stderr_empty
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
assert_rcpts alice@example.org
assert_envelope_from "$(id -un)@test.example"
assert_message_count 1
wait_for_command QUIT
