#!/bin/sh
# cron with MAILTO="alice@example.org,bob@example.net" passes the list
# as one argument; "From: root (Cron Daemon)" is refused by smarthosts,
# so the bare name gets @domain and its comment stays.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/cron-2.eml
run_postie -FCronDaemon -i -B8BITMIME -oem alice@example.org,bob@example.net
assert_exit 0
assert_rcpts "alice@example.org bob@example.net"
assert_mailopt BODY=8BITMIME
sed 's/^From: root (Cron Daemon)$/From: root@test.example (Cron Daemon)/' \
    "$INPUT" >"$T/qualified"
cmp -s "$INPUT" "$T/qualified" && hard_error "the sample has no cron From:"
to_crlf "$T/qualified" "$T/want"
assert_data_added "$T/want"
