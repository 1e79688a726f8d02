#!/bin/sh
# cron (Debian cron 3.0) with MAILTO=carol: "-FCronDaemon -i -B8BITMIME
# -oem carol". The local name becomes carol@domain in the envelope and
# in To:; BODY=8BITMIME is declared; Date and Message-ID are added; the
# rest, X-Cron-Env lines and From: included, is sent unchanged.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/cron-1.eml
run_postie -FCronDaemon -i -B8BITMIME -oem carol
assert_exit 0
assert_envelope_from "$(id -un)@test.example"
assert_rcpts carol@test.example
assert_mailopt BODY=8BITMIME
sed 's/^To: carol$/To: carol@test.example/' "$INPUT" >"$T/qualified"
cmp -s "$INPUT" "$T/qualified" && hard_error "the sample has no 'To: carol'"
to_crlf "$T/qualified" "$T/want"
assert_data_added "$T/want"
