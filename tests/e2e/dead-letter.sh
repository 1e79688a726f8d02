#!/bin/sh
# Without queue_dir, a temporary failure appends the message to
# dead_letter (mbox), says where on stderr and exits 75; a permanent
# refusal is not kept; when dead_letter cannot be written, the error
# says the message was not kept.
. "$TESTS_SRCDIR/lib.sh"

PORT=$(free_port)
write_config
INPUT=$DATA/plain.eml
run_postie -f sender@example.com alice@example.org
assert_exit 75
assert_stderr_contains "cannot connect"
assert_stderr_contains "message saved in $T/dead.letter"
head -n 1 "$T/dead.letter" | grep -q '^From sender@example.com ' ||
    fail "no From line: $(head -n 1 "$T/dead.letter")"
grep -q "$(tail -n 1 "$INPUT")" "$T/dead.letter" || fail "body missing"
grep -q "$(printf '\r')" "$T/dead.letter" && fail "CRLF in mbox"
run_postie alice@example.org
assert_exit 75
[ "$(grep -c '^From ' "$T/dead.letter")" -eq 2 ] || fail "second append"

start_smtpd --reject-rcpt alice@example.org
write_config
run_postie alice@example.org
assert_exit 67
[ "$(grep -c '^From ' "$T/dead.letter")" -eq 2 ] || fail "5xx kept"

PORT=$(free_port)
write_config "dead_letter = \"$T/no/such/dir/dead.letter\""
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "not kept"
