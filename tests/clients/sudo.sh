#!/bin/sh
# Replays sudo's mail_badpass call (sudo cannot be driven here): sudo's
# mailer runs "/usr/sbin/sendmail -t" as the invoking user (nobody) with
# sudo's mailer environment (HOME=/, LOGNAME=root, USER=root), stderr
# closed and no -C (postie finds its system-wide file, mounted in a
# private mount namespace), on "To: root" and "From: nobody". The
# envelope sender is the real user's (nobody), not $USER's; To: and
# From: get the domain. With a 451 at RCPT postie exits 75 and keeps the
# message in dead.letter; its error text, with nowhere to go, must not
# land in the SMTP session or in dead.letter.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

start_smtpd --tempfail-rcpt later@test.example
mkdir -m 1777 "$T/dl" || hard_error "mkdir failed"
client_setup "dead_letter = \"$T/dl/dead.letter\""
as_user nobody
sendmail_ns system

sudo_mailer()
{
	run_client "$NSRUN" setpriv $AS_USER env -i HOME=/ \
	    PATH=/usr/bin:/bin:/usr/sbin:/sbin LOGNAME=root USER=root \
	    /bin/sh -c 'exec /usr/sbin/sendmail -t 2>&-'
}

INPUT=$CLIENTS/data/sudo-badpass.eml
sudo_mailer
assert_exit 0
assert_argv '[-t]'
assert_wrapper_exit 0
assert_envelope_from nobody@test.example
assert_rcpts root@test.example
sed '1,/^$/d' "$INPUT" >"$T/body"
assert_message 1 --body "$T/body" --header "To: root@test.example" \
    --header "From: nobody@test.example" \
    --header "Auto-Submitted: auto-generated"

sed 's/^To: root$/To: later/' "$INPUT" >"$T/later.eml"
INPUT=$T/later.eml
sudo_mailer
assert_wrapper_exit 75 2
assert_message_count 1
grep -q '^Subject: \*\*\* SECURITY information' "$T/dl/dead.letter" 2>/dev/null ||
    fail "the message is not in dead.letter"
printf 'postie:' >"$T/errtext"
assert_raw_lacks "$T/errtext"
! grep -q 'postie:' "$T/dl/dead.letter" || fail "postie's error went into dead.letter"
