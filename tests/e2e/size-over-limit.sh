#!/bin/sh
# A message larger than the SIZE the server offers fails before MAIL
# FROM, with exit 69 (permanent) and a message giving both sizes; one
# that fits goes out.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --size 300
write_config
INPUT=$DATA/plain.eml
to_crlf "$INPUT" "$T/want"
size=$(wc -c <"$T/want")
[ "$size" -gt 300 ] || hard_error "the message is not over 300 bytes"
run_postie -i alice@example.org
assert_exit 69
assert_stderr_contains "$size bytes"
assert_stderr_contains "at most 300"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "not one line on stderr"
assert_no_command '^(MAIL|RCPT|DATA)'
assert_no_message

head -c 100 "$INPUT" >"$T/small"
printf '\n' >>"$T/small"
INPUT=$T/small
run_postie -i alice@example.org
assert_exit 0
assert_message_count 1
