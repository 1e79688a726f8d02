#!/bin/sh
# PHP mail() when the smarthost answers 451 to RCPT TO. Without a queue
# postie keeps the message in dead.letter and exits 75 (EX_TEMPFAIL), and
# mail() returns false; with queue_dir set postie queues the message and
# exits 0, mail() returns true, and postie -bp lists the message.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need php php-cli
start_smtpd --tempfail-rcpt alice@example.org
client_setup 'from = "www-data@example.com"'
cat >"$T/mail.php" <<'PHP'
<?php
$ok = mail("alice@example.org", "Try later", "body\n",
    "From: shop@example.com");
echo $ok ? "mail() returned true\n" : "mail() returned false\n";
PHP
run_client php -n -d "sendmail_path=$SENDMAIL -t -i" "$T/mail.php"
assert_exit 0
assert_wrapper_exit 75 1
assert_no_message
grep -q '^Subject: Try later' "$T/dead.letter" 2>/dev/null ||
    fail "the message is not in dead.letter"
assert_stdout_contains "mail() returned false"

printf 'queue_dir = "%s"\n' "$T/queue" >>"$CONF" || hard_error "cannot write $CONF"
run_client php -n -d "sendmail_path=$SENDMAIL -t -i" "$T/mail.php"
assert_exit 0
assert_stdout_contains "mail() returned true"
assert_wrapper_exit 0 2
assert_no_message
run_cmd "$T/bin/postie" -C "$CONF" -bp
assert_exit 0
assert_stdout_contains alice@example.org
