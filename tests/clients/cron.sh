#!/bin/sh
# Replays Debian cron's call (cron itself cannot run here): for a job of
# user nobody, cron runs "/usr/sbin/sendmail -FCronDaemon -i -B8BITMIME
# -oem 'alice@example.org,bob@example.net'" as nobody, with the daemon's
# HOME=/root, no -C (postie finds its system-wide file, mounted in a
# private mount namespace) and "From: root (Cron Daemon)" in the job's
# output mail. The envelope sender is nobody's (the real user, not HOME's
# owner), the MAILTO list gives two recipients, From: gets the domain,
# BODY=8BITMIME is declared and the 8-bit output arrives intact. Without
# MAILTO cron passes the job user's name, which gets the domain too.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

start_smtpd
client_setup
as_user nobody
sendmail_ns system

INPUT=$CLIENTS/data/cron-nobody.eml
run_client "$NSRUN" setpriv $AS_USER env -i HOME=/root LOGNAME=nobody \
    USER=nobody SHELL=/bin/sh PATH=/usr/bin:/bin \
    /usr/sbin/sendmail -FCronDaemon -i -B8BITMIME -oem \
    'alice@example.org,bob@example.net'
assert_exit 0
assert_argv '[-FCronDaemon][-i][-B8BITMIME][-oem][alice@example.org,bob@example.net]'
assert_wrapper_exit 0
assert_envelope_from nobody@test.example
assert_rcpts "alice@example.org bob@example.net"
assert_mailopt BODY=8BITMIME
sed '1,/^$/d' "$INPUT" >"$T/body"
assert_message 1 --body "$T/body" \
    --header "From: root@test.example (Cron Daemon)" \
    --header "To: alice@example.org,bob@example.net" \
    --header "X-Cron-Env: <HOME=/nonexistent>"

INPUT=$CLIENTS/data/cron-nobody-nomailto.eml
run_client "$NSRUN" setpriv $AS_USER env -i HOME=/root LOGNAME=nobody \
    USER=nobody SHELL=/bin/sh PATH=/usr/bin:/bin \
    /usr/sbin/sendmail -FCronDaemon -i -B8BITMIME -oem nobody
assert_exit 0
assert_argv '[-FCronDaemon][-i][-B8BITMIME][-oem][nobody]' 2
assert_envelope_from nobody@test.example 2
assert_rcpts nobody@test.example 2
assert_message 2 --body "$T/body" \
    --header "From: root@test.example (Cron Daemon)" \
    --header "To: nobody@test.example"
