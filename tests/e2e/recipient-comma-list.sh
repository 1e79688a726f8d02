#!/bin/sh
# One argument holding an address list (cron passes MAILTO as it is)
# gives one recipient per address.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org,bob@example.net
assert_exit 0
assert_rcpts "alice@example.org bob@example.net" 1

run_postie -i -- "alice@example.org, Bob <bob@example.net>" carol@example.org
assert_exit 0
assert_rcpts "alice@example.org bob@example.net carol@example.org" 2
to_crlf "$INPUT" "$T/want"
assert_data "$T/want" 2
