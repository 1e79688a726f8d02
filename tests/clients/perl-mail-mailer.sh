#!/bin/sh
# Perl Mail::Mailer (Debian's libmailtools-perl) of type "sendmail",
# pointed at postie by its PERL_MAILERS setting: it runs "sendmail -t"
# and writes one To: line per recipient (and one Bcc: line); postie reads
# every To:, Cc: and Bcc: line, removes Bcc:, adds Date and Message-ID.
# A 451 at RCPT makes close() return false.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need perl perl
perl -MMail::Mailer -e 1 2>/dev/null ||
    skip "Mail::Mailer is not installed (Debian package libmailtools-perl)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.pl" <<'PERL'
use strict;
use warnings;
use Mail::Mailer;
my ($bodyfile, @to) = @ARGV;
open my $fh, "<", $bodyfile or die "$bodyfile: $!";
my $body = do { local $/; <$fh> };
my $mailer = Mail::Mailer->new("sendmail");
$mailer->open({From => 'Sender Name <sender@example.com>', To => [@to],
    Cc => 'carol@example.org', Bcc => 'bcc@example.org',
    Subject => 'Mail::Mailer test'}) or die "open: $!";
print $mailer $body;
if ($mailer->close) {
    print "sent\n";
} else {
    print "failed: $?\n";
    exit 1;
}
PERL
# No -i: a lone "." line would end the message, as with every sendmail;
# this body has none.
run_client env PERL_MAILERS="sendmail:$SENDMAIL" perl "$T/send.pl" \
    "$CLIENTS/data/body-nodots.txt" alice@example.org bob@example.net
assert_exit 0
assert_stdout_contains sent
assert_argv '[-t]'
assert_wrapper_exit 0
assert_envelope_from "$(id -un)@test.example"
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org"
[ "$(grep -c '^To: ' "$SRVDIR/1.data")" -eq 2 ] ||
    fail "the two To: lines were not sent as they were"
assert_message 1 --body "$CLIENTS/data/body-nodots.txt" \
    --header "To: alice@example.org" --header "To: bob@example.net" \
    --header "From: Sender Name <sender@example.com>" \
    --header "Subject: Mail::Mailer test"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client env PERL_MAILERS="sendmail:$SENDMAIL" perl "$T/send.pl" \
    "$CLIENTS/data/body-nodots.txt" later@example.org
assert_exit 1
assert_stdout_contains "failed: "
assert_wrapper_exit 75 2
