#!/bin/sh
# Ruby's mail gem (Debian's ruby-mail) with delivery_method :sendmail and
# postie as its location: it runs "sendmail -i -f ADDR -- rcpt..." with
# To, Cc and Bcc recipients as arguments; the message holds no Bcc: and
# the body arrives intact. After a 451 at RCPT the message is in
# dead.letter (the gem itself does not check the exit status).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need ruby ruby
ruby -e 'require "mail"' 2>/dev/null ||
    skip "the mail gem is not installed (Debian package ruby-mail)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/send.rb" <<'RUBY'
require "mail"
sendmail, bodyfile, to = ARGV
mail = Mail.new do
  from "Sender Name <sender@example.com>"
  to to
  cc "carol@example.org"
  bcc "bcc@example.org"
  subject "Ruby mail test"
  body File.read(bodyfile)
end
mail.delivery_method :sendmail, location: sendmail
begin
  mail.deliver
  puts "sent"
rescue StandardError => e
  puts "failed: #{e.class}: #{e.message}"
  exit 1
end
RUBY
run_client ruby "$T/send.rb" "$SENDMAIL" "$CLIENTS/data/body.txt" \
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
    --header "Subject: Ruby mail test"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

run_client ruby "$T/send.rb" "$SENDMAIL" "$CLIENTS/data/body.txt" \
    later@example.org
assert_wrapper_exit 75 2
# The mail gem of Debian 12 (2.7) does not look at sendmail's exit
# status: deliver succeeds, postie's error goes to the gem's pipe, and
# the message is not lost: postie kept it in dead.letter.
if [ "$RC" -eq 0 ]; then
	assert_stdout_contains sent
	grep -q '^Subject: Ruby mail test' "$T/dead.letter" 2>/dev/null ||
	    fail "the message is not in dead.letter"
else
	assert_stdout_contains failed
fi
