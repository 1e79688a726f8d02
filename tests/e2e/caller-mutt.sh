#!/bin/sh
# mutt: "-oem -oi -- rcpt...", a complete message (Date, Message-ID and
# From present): it goes out byte for byte, only LF turned into CRLF.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/mutt-1.eml
run_postie -oem -oi -- alice@example.org bob@example.net carol@example.org \
    bcc@example.org
assert_exit 0
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
