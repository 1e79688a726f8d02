#!/bin/sh
# PHP mail() with postie as sendmail_path ("sendmail -t -i", PHP's own
# default): PHP writes CRLF header lines and the LF body as given (a lone
# "." line kept by -i). Recipients come from To, Cc and Bcc; Bcc is not
# sent; Date and Message-ID are added; the body arrives intact. The 5th
# parameter "-fADDR" is appended to the command line and becomes the
# envelope sender; a message without From: gets one from it.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need php php-cli
start_smtpd
client_setup 'from = "www-data@example.com"'
cat >"$T/mail.php" <<'PHP'
<?php
$body = file_get_contents($argv[1]);
$ok = mail("alice@example.org, Bob <bob@example.net>", "Order 1234",
    $body, ["From" => "Web Shop <shop@example.com>",
    "Cc" => "carol@example.org", "Bcc" => "dave@example.org",
    "X-Mailer" => "PHP/" . PHP_VERSION]);
echo $ok ? "sent1\n" : "failed1\n";
$ok = mail("erin@example.org", "Bounces", $body, "X-Test: two",
    "-fbounce@example.com");
echo $ok ? "sent2\n" : "failed2\n";
exit($ok ? 0 : 1);
PHP
run_client php -n -d "sendmail_path=$SENDMAIL -t -i" -d mail.add_x_header=0 \
    "$T/mail.php" "$CLIENTS/data/body.txt"
assert_exit 0
assert_stdout_contains sent1
assert_stdout_contains sent2
assert_calls 2
assert_argv '[-t][-i]' 1
assert_argv '[-t][-i][-fbounce@example.com]' 2
assert_wrapper_exit 0 1
# PHP ends the message with one more newline of its own.
{ cat "$CLIENTS/data/body.txt" && echo; } >"$T/body" || hard_error "cat failed"

# PHP 8 ends its own header lines with CRLF and leaves the body's LF.
printf 'Subject: Order 1234\r\n' >"$T/crlf-subject"
assert_raw_contains "$T/crlf-subject"
assert_envelope_from www-data@example.com 1
assert_rcpts "alice@example.org bob@example.net carol@example.org dave@example.org" 1
assert_message 1 --body "$T/body" \
    --header "From: Web Shop <shop@example.com>" \
    --header "To: alice@example.org, Bob <bob@example.net>" \
    --header "Cc: carol@example.org" --header "Subject: Order 1234"
! grep -q dave@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

assert_envelope_from bounce@example.com 2
assert_rcpts erin@example.org 2
assert_message 2 --body "$T/body" \
    --header "From: bounce@example.com" --header "X-Test: two"
