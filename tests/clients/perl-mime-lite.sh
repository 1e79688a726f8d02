#!/bin/sh
# Perl MIME::Lite's send('sendmail', Sendmail => PATH): it runs "sendmail
# -t -oi -oem -fADDR" (the address of From:), writes Bcc: and a
# Content-Length: header (binary encoding) into the message; postie
# takes the recipients from the header block, removes Bcc:, passes
# Content-Length: and the body through unchanged, and a 451 at RCPT
# makes send() die.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need perl perl
perl -MMIME::Lite -e 1 2>/dev/null ||
    skip "MIME::Lite is not installed (Debian package libmime-lite-perl)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.pl" <<'PERL'
use strict;
use warnings;
use MIME::Lite;
my ($sendmail, $bodyfile, $to) = @ARGV;
open my $fh, "<", $bodyfile or die "$bodyfile: $!";
my $body = do { local $/; <$fh> };
my $msg = MIME::Lite->new(From => 'Sender Name <sender@example.com>',
    To => $to, Cc => 'carol@example.org', Bcc => 'bcc@example.org',
    Subject => 'MIME::Lite test', Type => 'text/plain',
    Encoding => 'binary', Data => $body);
$msg->send('sendmail', Sendmail => $sendmail);
print "sent\n";
PERL
run_client perl "$T/send.pl" "$SENDMAIL" "$CLIENTS/data/body.txt" \
    alice@example.org
assert_exit 0
assert_stdout_contains sent
assert_argv '[-t][-oi][-oem][-fsender@example.com]'
assert_wrapper_exit 0
assert_envelope_from sender@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
LEN=$(wc -c <"$CLIENTS/data/body.txt")
assert_message 1 --body "$CLIENTS/data/body.txt" \
    --header "Content-Length: $LEN" --header "To: alice@example.org" \
    --header "From: Sender Name <sender@example.com>" \
    --header "Subject: MIME::Lite test"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client perl "$T/send.pl" "$SENDMAIL" "$CLIENTS/data/body.txt" \
    later@example.org
[ "$RC" -ne 0 ] || fail "send() did not die although sending failed"
assert_stderr_contains "error closing"
assert_wrapper_exit 75 2
