#!/bin/sh
# Perl Email::Sender (Debian's libemail-sender-perl) with its Sendmail
# transport, pointed at postie by the transport's "sendmail" attribute:
# it runs "sendmail -i -f ADDR -- rcpt..." with the envelope recipients
# the application gives; postie removes the Bcc: line left in the
# message and adds Date and Message-ID. A 451 at RCPT makes send() throw.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need perl perl
perl -MEmail::Sender::Simple -MEmail::Sender::Transport::Sendmail -e 1 \
    2>/dev/null ||
    skip "Email::Sender is not installed (Debian package libemail-sender-perl)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.pl" <<'PERL'
use strict;
use warnings;
use Email::Simple;
use Email::Sender::Simple qw(try_to_sendmail);
use Email::Sender::Transport::Sendmail;
my ($sendmail, $bodyfile, $to) = @ARGV;
open my $fh, "<", $bodyfile or die "$bodyfile: $!";
my $body = do { local $/; <$fh> };
my $email = Email::Simple->create(header => [
    From => 'Sender Name <sender@example.com>', To => $to,
    Cc => 'carol@example.org', Bcc => 'bcc@example.org',
    Subject => 'Email::Sender test'], body => $body);
my $transport = Email::Sender::Transport::Sendmail->new(
    {sendmail => $sendmail});
# Email::Sender takes the envelope from To: and Cc: only: Bcc
# recipients are given to it, as applications do.
if (try_to_sendmail($email, {transport => $transport,
    to => [$to, 'carol@example.org', 'bcc@example.org']})) {
    print "sent\n";
} else {
    print "failed\n";
    exit 1;
}
PERL
run_client perl "$T/send.pl" "$SENDMAIL" "$CLIENTS/data/body.txt" \
    alice@example.org
assert_exit 0
assert_stdout_contains sent
assert_argv '[-i][-f][sender@example.com][--][alice@example.org][carol@example.org][bcc@example.org]'
assert_wrapper_exit 0
assert_envelope_from sender@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
assert_message 1 --body "$CLIENTS/data/body.txt" \
    --header "To: alice@example.org" \
    --header "From: Sender Name <sender@example.com>" \
    --header "Subject: Email::Sender test"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client perl "$T/send.pl" "$SENDMAIL" "$CLIENTS/data/body.txt" \
    later@example.org
assert_exit 1
assert_stdout_contains failed
assert_wrapper_exit 75 2
