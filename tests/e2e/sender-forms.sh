#!/bin/sh
# The envelope sender from -f ADDR, -fADDR, -f '<ADDR>', -r ADDR; -f '<>'
# and -f '' give the null sender, MAIL FROM:<>.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie -f a@example.com alice@example.org
assert_exit 0
assert_envelope_from a@example.com 1

run_postie -fb@example.com alice@example.org
assert_exit 0
assert_envelope_from b@example.com 2

run_postie -f '<c@example.com>' alice@example.org
assert_exit 0
assert_envelope_from c@example.com 3

run_postie -r d@example.com alice@example.org
assert_exit 0
assert_envelope_from d@example.com 4

run_postie -f '<>' alice@example.org
assert_exit 0
assert_envelope_from "" 5

run_postie -f '' alice@example.org
assert_exit 0
assert_envelope_from "" 6
[ "$(grep -c -E '^MAIL FROM:<>( |$)' "$SRVDIR/commands")" -eq 2 ] ||
    fail "MAIL FROM:<> was not sent twice"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want" 6
