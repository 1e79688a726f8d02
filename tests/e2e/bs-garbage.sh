#!/bin/sh
# -bs with bad input: a line over 512 octets, a NUL, commands out of
# order, STARTTLS/AUTH (not offered), then a flood of junk: every line
# gets its 5xx, the session ends with 421 after too many errors, no
# crash, and nothing is relayed.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
{
	printf 'MAIL FROM:<a@example.com>\r\n'
	printf 'EHLO c\r\n'
	printf 'RCPT TO:<x@example.org>\r\n'
	printf 'DATA\r\n'
	printf 'MAIL FROM:<a@example.com> FOO=BAR\r\n'
	printf 'MAIL FROM:a@example.com\r\n'
	printf 'MAIL FROM:<a b>\r\n'
	printf 'MAIL FROM:<a@example.com>\r\n'
	printf 'RCPT TO:<%s@example.org>\r\n' "$(head -c 300 /dev/zero | tr '\0' x)"
	printf 'RSET\r\n'
	head -c 600 /dev/zero | tr '\0' x
	printf '\r\nNO\000OP\r\nSTARTTLS\r\nAUTH PLAIN x\r\n'
	i=0
	while [ $i -lt 30 ]; do
		printf 'junk %d\r\n' $i
		i=$((i + 1))
	done
} >"$T/in"
INPUT=$T/in
run_postie -bs
assert_exit 0
for want in "503 5.5.1 say EHLO or HELO first" "503 5.5.1 MAIL first" \
    "555 5.5.4 MAIL parameter not supported" "501 5.5.4 syntax: MAIL FROM:<address>" \
    "501 5.1.7 bad sender address syntax" "501 5.1.3 bad recipient address syntax" \
    "500 5.5.2 Line too long" \
    "500 5.5.2 Syntax error" "502 5.5.1 Not implemented" \
    "421 4.7.0 Too many errors, closing"; do
	assert_stdout_contains "$want"
done
assert_message_count 0
