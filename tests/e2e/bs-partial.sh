#!/bin/sh
# -bs: a message the smarthost took for one recipient but deferred for
# another is answered 250 (a 4xx would make the client send it again,
# to both), naming the deferred recipient.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --tempfail-rcpt later@example.org
write_config
printf '%s\r\n' 'EHLO c' 'MAIL FROM:<a@example.com>' \
    'RCPT TO:<alice@example.org>' 'RCPT TO:<later@example.org>' 'DATA' \
    'Subject: x' '' 'body' '.' 'QUIT' >"$T/in"
INPUT=$T/in
run_postie -bs
assert_exit 0
assert_stdout_contains "250 2.0.0 Ok: sent, but 127.0.0.1:$PORT: RCPT TO:<later@example.org> rejected: 451"
assert_message_count 1
