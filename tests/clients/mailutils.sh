#!/bin/sh
# GNU mailutils' mail with postie as its mailer ("set sendmail=
# sendmail://PATH"): it runs "sendmail -oi -f USER@HOST -t" (the -f is
# the -r address when given), leaves Bcc: in the message and writes no
# From: and no Message-ID:. postie takes the recipients from the header
# block, removes Bcc:, and adds From (the envelope sender), Message-ID.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need mail.mailutils mailutils
start_smtpd --tempfail-rcpt later@example.org
client_setup
# mail itself ends its input at a lone "." line: no such line here.
INPUT=$CLIENTS/data/body-nodots.txt
run_client mail.mailutils -E "set sendmail=sendmail://$SENDMAIL" \
    -r sender@example.com -s "Report" -a "Bcc: bcc@example.org" \
    -a "Cc: carol@example.org" alice@example.org
assert_exit 0
assert_argv '[-oi][-f][sender@example.com][-t]'
assert_wrapper_exit 0
assert_envelope_from sender@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
assert_message 1 --body "$INPUT" --header "From: sender@example.com" \
    --header "Subject: Report" --header "To: <alice@example.org>"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

# Without -r, mail passes the login name at this host's name.
run_client mail.mailutils -E "set sendmail=sendmail://$SENDMAIL" \
    -s "Default sender" alice@example.org
assert_exit 0
ME=$(id -un)
grep -q "^\[-oi\]\[-f\]\[$ME@[^]]*\]\[-t\]\$" "$T/calls" ||
    fail "sendmail call 2 had arguments $(sed -n 2p "$T/calls")"
assert_wrapper_exit 0 2
assert_message 2 --header-has "From: $ME@"

# A temporary failure: mail reports it and exits non-zero.
run_client mail.mailutils -E "set sendmail=sendmail://$SENDMAIL" \
    -r sender@example.com -s "Later" later@example.org
assert_wrapper_exit 75 3
[ "$RC" -ne 0 ] || fail "mail exited 0 although sending failed"
assert_message_count 2
