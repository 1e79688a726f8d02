#!/bin/sh
# -t takes the recipients from To, Cc and Bcc, removes Bcc from what is
# sent, and adds the recipient arguments.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/mailx-t.eml
grep -v '^Bcc:' "$INPUT" >"$T/nobcc"
to_crlf "$T/nobcc" "$T/want"

run_postie -i -t -f sender@example.com
assert_exit 0
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org" 1
assert_envelope_from sender@example.com 1
assert_data "$T/want" 1

run_postie -i -t dave@example.net
assert_exit 0
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org dave@example.net" 2
assert_data "$T/want" 2
