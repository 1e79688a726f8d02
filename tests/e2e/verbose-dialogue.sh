#!/bin/sh
# -v prints the SMTP dialogue on stderr: "--> " for what postie sends,
# "<-- " for what the server answers.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie -v -f sender@example.com alice@example.org
assert_exit 0
assert_stderr_contains "<-- 220 smtpd.test"
assert_stderr_contains "--> EHLO test.example"
assert_stderr_contains "<-- 250-PIPELINING"
assert_stderr_contains "--> MAIL FROM:<sender@example.com>"
assert_stderr_contains "--> RCPT TO:<alice@example.org>"
assert_stderr_contains "--> DATA"
assert_stderr_contains "<-- 354 "
assert_stderr_contains "<-- 250 2.0.0 Ok: queued as 1"
assert_stderr_contains "--> QUIT"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
