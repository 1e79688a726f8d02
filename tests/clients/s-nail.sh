#!/bin/sh
# s-nail with postie as its "mta" variable: with -r "Name <addr>" it runs
# "sendmail -i -F 'Name' -f addr -- rcpt..." with Cc and Bcc recipients
# as arguments and no Bcc: in the message; it writes From, Date and
# Message-ID itself (a Message-ID whose left part holds a "%"), and a
# RFC 2047 Subject. A 451 at RCPT makes s-nail exit non-zero.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need s-nail s-nail
start_smtpd --tempfail-rcpt later@example.org
client_setup
INPUT=$CLIENTS/data/body.txt
run_client s-nail -n -S "mta=$SENDMAIL" -S sendwait -S "DEAD=$T/s-nail.dead" \
    -r "Sender Name <sender@example.com>" -s "Grüße" \
    -c carol@example.org -b bcc@example.org alice@example.org bob@example.net
assert_exit 0
assert_argv '[-i][-F][Sender Name][-f][sender@example.com][--][alice@example.org][bob@example.net][carol@example.org][bcc@example.org]'
assert_wrapper_exit 0
assert_envelope_from sender@example.com
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org"
assert_message 1 --body "$INPUT" \
    --header "From: Sender Name <sender@example.com>" \
    --header "To: alice@example.org, bob@example.net" \
    --header "Cc: carol@example.org" \
    --header-has "Subject: =?utf-8?"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client s-nail -n -S "mta=$SENDMAIL" -S sendwait -S "DEAD=$T/s-nail.dead" \
    -r sender@example.com -s "Later" later@example.org
[ "$RC" -ne 0 ] || fail "s-nail exited 0 although sending failed"
assert_argv '[-i][-f][sender@example.com][--][later@example.org]' 2
assert_wrapper_exit 75 2
assert_message_count 1
