#!/bin/sh
# PHPMailer (Debian's libphp-phpmailer) in sendmail mode: it runs
# "sendmail -oi -fADDR -t" through popen() and writes the Bcc: header
# into the message itself; postie takes the recipients from the header
# block, removes Bcc:, adds Date (PHPMailer writes its own Message-ID),
# and PHPMailer's send() returns true. A 451 at RCPT makes send() throw.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need php php-cli
AUTOLOAD=/usr/share/php/libphp-phpmailer/autoload.php
[ -f "$AUTOLOAD" ] || skip "PHPMailer is not installed (Debian package libphp-phpmailer)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.php" <<'PHP'
<?php
require $argv[1];
use PHPMailer\PHPMailer\PHPMailer;
$mail = new PHPMailer(true);
$mail->isSendmail();
$mail->Sendmail = $argv[2];
$mail->CharSet = "UTF-8";
$mail->setFrom("shop@example.com", "Web Shop");
$mail->addAddress($argv[4], "Alice");
$mail->addCC("carol@example.org");
$mail->addBCC("dave@example.org");
$mail->Subject = "Your order";
$mail->Body = file_get_contents($argv[3]);
try {
    $mail->send();
    echo "sent\n";
} catch (Exception $e) {
    echo "failed: ", $mail->ErrorInfo, "\n";
    exit(1);
}
PHP
run_client php "$T/send.php" "$AUTOLOAD" "$SENDMAIL" \
    "$CLIENTS/data/body.txt" alice@example.org
assert_exit 0
assert_stdout_contains sent
assert_argv '[-oi][-fshop@example.com][-t]'
assert_wrapper_exit 0
assert_envelope_from shop@example.com
assert_rcpts "alice@example.org carol@example.org dave@example.org"
assert_message 1 --body-has "$CLIENTS/data/body.txt" \
    --header "From: Web Shop <shop@example.com>" \
    --header "To: Alice <alice@example.org>" --header "Subject: Your order"
! grep -q dave@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

# A 451 for one recipient reaches the caller: send() throws, while the
# recipients the server accepted get the message.
run_client php "$T/send.php" "$AUTOLOAD" "$SENDMAIL" \
    "$CLIENTS/data/body.txt" later@example.org
assert_exit 1
assert_stdout_contains "failed: Could not execute"
assert_wrapper_exit 75 2
assert_rcpts "carol@example.org dave@example.org" 2
