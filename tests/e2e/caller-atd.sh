#!/bin/sh
# at(1)'s daemon: "-i root" and a message with no From:. root is looked
# up in the aliases file; "To: root" is qualified; From: is added from
# the envelope sender.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
printf '%s\n' '# who reads root mail' 'root: admin@example.org' >"$T/aliases"
write_config "aliases = \"$T/aliases\""
INPUT=$DATA/atd-1.eml
run_postie -i root
assert_exit 0
sender="$(id -un)@test.example"
assert_envelope_from "$sender"
assert_rcpts admin@example.org
{ sed -e '/^$/,$d' -e 's/^To: root$/To: root@test.example/' "$INPUT"
  echo "From: $sender"
  sed -n '/^$/,$p' "$INPUT"; } >"$T/edited"
to_crlf "$T/edited" "$T/want"
assert_data_added "$T/want"
