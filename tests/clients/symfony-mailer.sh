#!/bin/sh
# Symfony Mailer (Debian's php-symfony-mailer) through its sendmail
# transport, DSN "sendmail://default?command=...". In its default mode,
# "sendmail -bs", it speaks SMTP to postie on a pipe (three messages in
# one session; one recipient deferred with 451 while the others got the
# message: a 250, so that Symfony does not send it again); in "-t"
# mode it runs "sendmail -f'ADDR' -- 'rcpt'..." (it drops -t itself when
# it knows the recipients). Bcc is not sent; the body arrives intact.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need php php-cli
AUTOLOAD=/usr/share/php/Symfony/Component/Mailer/autoload.php
[ -f "$AUTOLOAD" ] || skip "Symfony Mailer is not installed (Debian package php-symfony-mailer)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.php" <<'PHP'
<?php
require $argv[1];
use Symfony\Component\Mailer\Mailer;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Mime\Email;

$mailer = new Mailer(Transport::fromDsn("sendmail://default?command=" .
    rawurlencode($argv[2])));
$body = file_get_contents($argv[3]);
foreach (array_slice($argv, 4) as $i => $to) {
    $email = (new Email())->from("Web App <app@example.com>")->to($to)
        ->cc("carol@example.org")->bcc("dave@example.org")
        ->subject("Message " . ($i + 1))->text($body);
    try {
        $mailer->send($email);
        echo "sent ", $i + 1, "\n";
    } catch (Exception $e) {
        echo "failed ", $i + 1, ": ", get_class($e), ": ",
            $e->getMessage(), "\n";
    }
}
PHP

# Symfony sends text as quoted-printable; body.txt is plain ASCII, so
# only the line ends change (CRLF, as the checker compares them).
cp "$CLIENTS/data/body.txt" "$T/body-qp" || hard_error "cp failed"

# Default mode: an SMTP session on stdin/stdout.
run_client php "$T/send.php" "$AUTOLOAD" "$SENDMAIL -bs" \
    "$CLIENTS/data/body.txt" alice@example.org later@example.org bob@example.net
assert_exit 0
assert_stdout_contains "sent 1"
assert_stdout_contains "sent 2"
assert_stdout_contains "sent 3"
assert_argv '[-bs]'
assert_wrapper_exit 0
assert_envelope_from app@example.com 1
assert_rcpts "alice@example.org carol@example.org dave@example.org" 1
assert_message 1 --body-has "$T/body-qp" \
    --header "From: Web App <app@example.com>" \
    --header "To: alice@example.org" --header "Subject: Message 1"
! grep -q dave@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"
# The second message reached the recipients the smarthost accepted; the
# deferred one is not lost: postie kept a copy in dead.letter.
assert_rcpts "carol@example.org dave@example.org" 2
assert_message 2 --header "Subject: Message 2"
grep -q '^Subject: Message 2' "$T/dead.letter" 2>/dev/null ||
    fail "the second message is not in dead.letter"
assert_rcpts "bob@example.net carol@example.org dave@example.org" 3
assert_message 3 --header "Subject: Message 3"
assert_message_count 3

# -t mode. Without -i in the command Symfony doubles every leading dot,
# as sendmail would undo; postie, like Postfix, does not (see
# symfony-mailer-t-dots.sh), so this body has no leading dot.
run_client php "$T/send.php" "$AUTOLOAD" "$SENDMAIL -t" \
    "$CLIENTS/data/body-nodots.txt" erin@example.org
assert_exit 0
assert_stdout_contains "sent 1"
assert_argv "[-fapp@example.com][--][erin@example.org][carol@example.org][dave@example.org]" 2
assert_wrapper_exit 0 2
assert_envelope_from app@example.com 4
assert_rcpts "erin@example.org carol@example.org dave@example.org" 4
assert_message 4 --body-has "$CLIENTS/data/body-nodots.txt" \
    --header "From: Web App <app@example.com>" --header "To: erin@example.org"
! grep -q dave@example.org "$SRVDIR/4.data" || fail "the Bcc address was sent"
