#!/bin/sh
# -bs: what the smarthost says comes back as the reply to the end of
# data: a 550 for the only recipient is a 550, a 554 at the end of data
# a 554, an unreachable server a 451 (nothing to keep it in) or, with a
# queue, a 250 "queued". A client gone in the middle of DATA: exit 75.
. "$TESTS_SRCDIR/lib.sh"

session()
{
	printf '%s\r\n' 'EHLO c' 'MAIL FROM:<a@example.com>' \
	    'RCPT TO:<alice@example.org>' 'DATA' 'Subject: x' '' 'body' '.' \
	    'QUIT' >"$T/in"
	INPUT=$T/in
	run_postie -bs
}

faultd_with "reply RCPT 550 5.1.1 no such user"
write_config
session
assert_exit 0
assert_stdout_contains "550 5.0.0 127.0.0.1:$PORT: RCPT TO:<alice@example.org> rejected: 550 5.1.1 no such user"

faultd_with "reply EOD 554 5.7.1 spam"
write_config
session
assert_exit 0
assert_stdout_contains "554 5.0.0 127.0.0.1:$PORT: message rejected at end of data: 554 5.7.1 spam"

PORT=$(free_port)
write_config
session
assert_exit 0
assert_stdout_contains "451 4.0.0 127.0.0.1:$PORT: cannot connect"
write_config "queue_dir = \"$T/queue\""
session
assert_exit 0
assert_stdout_contains "250 2.0.0 Ok: queued"
assert_queued 1

printf '%s\r\n' 'EHLO c' 'MAIL FROM:<a@example.com>' \
    'RCPT TO:<alice@example.org>' 'DATA' 'Subject: cut' >"$T/in"
INPUT=$T/in
run_postie -bs
assert_exit 75
assert_queued 1
