#!/bin/sh
# bsd-mailx with postie as its "sendmail" variable (set in $MAILRC): it
# runs "sendmail -i -t" ("-i -t -f ADDR" with -r) and leaves Bcc: in the
# message, writes the Subject as raw 8-bit UTF-8, and neither From: nor
# Date: nor Message-ID:. postie reads the recipients from the header
# block, removes Bcc:, adds From (from the envelope sender), Date and
# Message-ID, and passes the 8-bit Subject unchanged. bsd-mailx does not
# wait for sendmail, so the test waits for the message.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need bsd-mailx bsd-mailx
start_smtpd
client_setup 'from = "www-data@example.com"'
printf 'set sendmail=%s\n' "$SENDMAIL" >"$T/mailrc"
INPUT=$CLIENTS/data/body-8bit.txt
run_client env MAILRC="$T/mailrc" bsd-mailx -s "Grüße" -c carol@example.org \
    -b bcc@example.org alice@example.org
assert_exit 0
wait_message 1
assert_argv '[-i][-t]'
assert_wrapper_exit 0
assert_envelope_from www-data@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
assert_mailopt BODY=8BITMIME
assert_message 1 --body "$INPUT" --header "Subject: Grüße" \
    --header "From: www-data@example.com" \
    --header "To: alice@example.org" --header "Cc: carol@example.org"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

# -r sets the envelope sender; the From: postie adds follows it.
INPUT=$CLIENTS/data/body.txt
run_client env MAILRC="$T/mailrc" bsd-mailx -r sender@example.com \
    -s "Plain" alice@example.org
assert_exit 0
wait_message 2
assert_argv '[-i][-t][-f][sender@example.com]' 2
assert_wrapper_exit 0 2
assert_envelope_from sender@example.com 2
assert_rcpts alice@example.org 2
assert_message 2 --body "$INPUT" --header "From: sender@example.com"
