#!/bin/sh
# Expected to fail (XFAIL_TESTS): Symfony Mailer in "-t" mode without -i
# doubles every dot that starts a line, counting on sendmail to remove
# it again, as Sendmail's own sendmail does when -i is not given. postie,
# like Postfix's sendmail, only treats a lone "." line as the end and
# keeps the added dots, so "." lines arrive as ".." and "..x" as "...x".
# This test asks for the body intact and shows the difference.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need php php-cli
AUTOLOAD=/usr/share/php/Symfony/Component/Mailer/autoload.php
[ -f "$AUTOLOAD" ] || skip "Symfony Mailer is not installed (Debian package php-symfony-mailer)"
start_smtpd
client_setup
cat >"$T/send.php" <<'PHP'
<?php
require $argv[1];
use Symfony\Component\Mailer\Mailer;
use Symfony\Component\Mailer\Transport;
use Symfony\Component\Mime\Email;

$mailer = new Mailer(Transport::fromDsn("sendmail://default?command=" .
    rawurlencode($argv[2])));
$mailer->send((new Email())->from("app@example.com")->to("erin@example.org")
    ->subject("Dots")->text(file_get_contents($argv[3])));
echo "sent\n";
PHP
run_client php "$T/send.php" "$AUTOLOAD" "$SENDMAIL -t" "$CLIENTS/data/body.txt"
assert_exit 0
assert_stdout_contains sent
assert_argv "[-fapp@example.com][--][erin@example.org]"
assert_message 1 --body-has "$CLIENTS/data/body.txt"
