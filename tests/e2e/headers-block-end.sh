#!/bin/sh
# The header block ends at the first empty line, CRLF or LF: a Bcc: line
# after it is body and is kept. A message with no header block at all is
# still sent, the added fields in front of it.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
printf 'From: a@example.com\r\nTo: b@example.org\r\nDate: Mon, 30 Nov 2026 09:49:44 +0000\r\nMessage-ID: <e1@example.com>\r\n\nBcc: not@example.org\nSubject: body text\n' >"$T/in1"
printf 'From: a@example.com\r\nTo: b@example.org\r\nDate: Mon, 30 Nov 2026 09:49:44 +0000\r\nMessage-ID: <e1@example.com>\r\n\r\nBcc: not@example.org\r\nSubject: body text\r\n' >"$T/want1"
INPUT=$T/in1
run_postie -i b@example.org
assert_exit 0
assert_data "$T/want1" 1

printf 'just a line of output\nand another: with a colon\n' >"$T/in2"
INPUT=$T/in2
run_postie -i -f job@example.com b@example.org
assert_exit 0
printf 'From: job@example.com\r\n\r\njust a line of output\r\nand another: with a colon\r\n' >"$T/want2"
assert_data_added "$T/want2" 2

printf '\nbody after an empty first line\n' >"$T/in3"
INPUT=$T/in3
run_postie -i -f job@example.com b@example.org
assert_exit 0
printf 'From: job@example.com\r\n\r\nbody after an empty first line\r\n' >"$T/want3"
assert_data_added "$T/want3" 3
