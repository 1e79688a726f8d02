#!/bin/sh
# Replays atd's call (atd itself cannot run here): after a job of user
# nobody, atd runs "/usr/sbin/sendmail -i nobody" as nobody, with no -C
# (postie finds its system-wide file, mounted in a private mount
# namespace), on a message of only Subject: and "To: nobody". The
# recipient and To: get the domain; From, Date and Message-ID are added.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

start_smtpd
client_setup
as_user nobody
sendmail_ns system
INPUT=$CLIENTS/data/at-nobody.eml
run_client "$NSRUN" setpriv $AS_USER env -i HOME=/nonexistent \
    LOGNAME=nobody USER=nobody SHELL=/bin/sh PATH=/usr/bin:/bin \
    /usr/sbin/sendmail -i nobody
assert_exit 0
assert_argv '[-i][nobody]'
assert_wrapper_exit 0
assert_envelope_from nobody@test.example
assert_rcpts nobody@test.example
sed '1,/^$/d' "$INPUT" >"$T/body"
assert_message 1 --body "$T/body" --header "To: nobody@test.example" \
    --header "From: nobody@test.example" \
    --header "Subject: Output from your job        7"
