#!/bin/sh
# -bs: an SMTP session on stdin/stdout, pipelined as Symfony Mailer
# sends it: two messages, dot-unstuffing, a local name qualified, RSET,
# NOOP, VRFY, an unknown command; every reply in order; each message
# relayed byte-exact before its 250; exit 0 after QUIT.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
printf '%s\r\n' 'EHLO client.example' 'MAIL FROM:<app@example.com>' \
    'RCPT TO:<alice@example.org>' 'RCPT TO:<root>' 'DATA' \
    'From: app@example.com' 'Subject: one' 'Date: Mon, 30 Nov 2026 10:00:00 +0000' \
    'Message-ID: <one@example.com>' '' '..leading dot' 'body' '.' \
    'NOOP' 'VRFY alice' 'FROB' 'MAIL FROM:<>' 'RSET' \
    'MAIL FROM:<app@example.com> BODY=8BITMIME SIZE=100' \
    'RCPT TO:<bob@example.net>' 'DATA' \
    'From: app@example.com' 'Subject: two' 'Date: Mon, 30 Nov 2026 10:00:00 +0000' \
    'Message-ID: <two@example.com>' '' 'second' '.' 'QUIT' >"$T/in"
INPUT=$T/in
run_postie -bs
assert_exit 0
printf '%s\r\n' '220 test.example ESMTP postie' '250-test.example' \
    '250-PIPELINING' '250-8BITMIME' '250-SIZE' '250 ENHANCEDSTATUSCODES' \
    '250 2.1.0 Ok' '250 2.1.5 Ok' '250 2.1.5 Ok' \
    '354 End data with <CR><LF>.<CR><LF>' \
    '250 2.0.0 Ok: sent: 250 2.0.0 Ok: queued as 1' '250 2.0.0 Ok' \
    '252 2.5.0 Cannot verify, but will try' \
    '500 5.5.2 Command not recognized' '250 2.1.0 Ok' '250 2.0.0 Ok' \
    '250 2.1.0 Ok' '250 2.1.5 Ok' '354 End data with <CR><LF>.<CR><LF>' \
    '250 2.0.0 Ok: sent: 250 2.0.0 Ok: queued as 2' '221 2.0.0 Bye' \
    >"$T/want-replies"
assert_file_equals "$T/want-replies" "$T/stdout"
assert_message_count 2
[ "$(cat "$SRVDIR/1.rcpts" | tr '\n' ' ')" = "alice@example.org root@test.example " ] ||
    fail "recipients of 1: $(cat "$SRVDIR/1.rcpts")"
printf '%s\r\n' 'From: app@example.com' 'Subject: one' \
    'Date: Mon, 30 Nov 2026 10:00:00 +0000' 'Message-ID: <one@example.com>' \
    '' '.leading dot' 'body' >"$T/want1"
assert_file_equals "$T/want1" "$SRVDIR/1.data"
grep -q 'BODY=8BITMIME' "$SRVDIR/2.mailopts" || fail "BODY= not carried"
