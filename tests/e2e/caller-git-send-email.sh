#!/bin/sh
# git send-email: "-i rcpt...", RFC 2047 names, a folded Cc:, an 8-bit
# body with a DEL byte and a 300-octet line, "Message-Id" spelt that way
# (so none is added): byte for byte, with BODY=8BITMIME.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/git-send-email-1.eml
run_postie -i alice@example.org carol@example.org tester@example.com \
    bcc@example.org
assert_exit 0
assert_rcpts "alice@example.org carol@example.org tester@example.com bcc@example.org"
assert_mailopt BODY=8BITMIME
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
