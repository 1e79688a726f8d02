#!/bin/sh
# --host= and --port= replace the account's host and port for one run,
# and -bv and --pretend show them.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config 'host = "no-such-host.invalid"' "port = $(free_port)"
INPUT=$DATA/plain.eml
run_postie --host=127.0.0.1 --port="$SMTPD_PORT" alice@example.org
assert_exit 0
assert_rcpts alice@example.org
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"

# -bv and --pretend say where the message would go: there.
run_postie -bv --host=127.0.0.1 --port="$SMTPD_PORT" alice@example.org
assert_exit 0
assert_stdout_contains "host: 127.0.0.1:$SMTPD_PORT"
run_postie --pretend --host=127.0.0.1 --port="$SMTPD_PORT" alice@example.org
assert_exit 0
assert_stdout_contains "host: 127.0.0.1:$SMTPD_PORT"
grep -q '^  host *= "127.0.0.1"	# --host$' "$T/stdout" ||
    fail "--pretend does not show --host: $(grep host "$T/stdout")"
grep -q "^  port *= $SMTPD_PORT	# --port\$" "$T/stdout" ||
    fail "--pretend does not show --port: $(grep port "$T/stdout")"
assert_message_count 1
