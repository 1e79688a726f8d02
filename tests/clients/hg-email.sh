#!/bin/sh
# Mercurial's "hg email" (the patchbomb extension) with postie as its
# email.method: hg runs "sendmail -f ADDR rcpt..." (To, Cc and Bcc
# recipients as arguments, Bcc: not in the message) and writes its own
# From, Date and Message-Id; the patch arrives intact. A 451 at RCPT
# makes hg email fail.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need hg mercurial
start_smtpd --tempfail-rcpt later@example.org
client_setup

hg_in_repo()
{
	run_client env HGPLAIN=1 HGRCPATH=/dev/null HGUSER="Tester <tester@example.com>" \
	    hg --cwd "$T/repo" --config extensions.patchbomb= \
	    --config ui.interactive=false \
	    --config "email.method=$SENDMAIL" "$@"
}

mkdir "$T/repo" || hard_error "mkdir failed"
hg_in_repo init
assert_exit 0
printf 'first line\nsecond line\n' >"$T/repo/notes.txt"
hg_in_repo add notes.txt
assert_exit 0
hg_in_repo commit -m "Add notes"
assert_exit 0

hg_in_repo email -r tip --from "Tester <tester@example.com>" \
    --to alice@example.org --cc carol@example.org --bcc bcc@example.org
assert_exit 0
# hg sorts the recipients.
assert_argv '[-f][tester@example.com][alice@example.org][bcc@example.org][carol@example.org]'
assert_wrapper_exit 0
assert_envelope_from tester@example.com
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
printf '+first line\n+second line\n' >"$T/added"
assert_message 1 --body-has "$T/added" \
    --header "From: =?iso-8859-1?q?Tester?= <tester@example.com>" \
    --header "To: alice@example.org" --header "Cc: carol@example.org" \
    --header-has "Subject: [PATCH] Add notes"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

hg_in_repo email -r tip --from tester@example.com --to later@example.org
[ "$RC" -ne 0 ] || fail "hg email exited 0 although sending failed"
assert_wrapper_exit 75 2
assert_message_count 1
