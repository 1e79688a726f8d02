#!/bin/sh
# GNU mailutils mail: "-oi -f Sender -t". The bare -f name is qualified
# for the envelope and the added From:; recipients come from To, Cc and
# Bcc (angle forms, a quoted name); Bcc is removed.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/mail.mailutils-1.eml
run_postie -oi -f Sender -t
assert_exit 0
assert_envelope_from Sender@test.example
assert_rcpts "carol@example.org bcc@example.org alice@example.org bob@example.net"
{ sed -e '/^$/,$d' -e '/^Bcc:/d' "$INPUT"
  echo "From: Sender@test.example"
  sed -n '/^$/,$p' "$INPUT"; } >"$T/edited"
to_crlf "$T/edited" "$T/want"
assert_data_added "$T/want"
