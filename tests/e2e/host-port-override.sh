#!/bin/sh
# --host= and --port= replace the account's host and port for one run.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config 'host = "no-such-host.invalid"' "port = $(free_port)"
INPUT=$DATA/plain.eml
run_postie --host=127.0.0.1 --port="$SMTPD_PORT" alice@example.org
assert_exit 0
assert_rcpts alice@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
