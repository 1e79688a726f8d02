#!/bin/sh
# git send-email with postie as --smtp-server: a patch with 8-bit UTF-8
# text (author name and content), To/Cc/Bcc. git runs "sendmail -i
# rcpt..." (with "-f ADDR" first when an envelope sender is set), every
# recipient as an argument and Bcc: not in the message; the patch
# arrives byte for byte with BODY=8BITMIME. Then postie itself as the
# --smtp-server with --smtp-server-option=-C...: a 451 at RCPT makes
# git send-email exit non-zero.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need git git
[ -x "$(git --exec-path)/git-send-email" ] || skip "git send-email is not installed (Debian package git-email)"
start_smtpd --tempfail-rcpt later@example.org
client_setup

git_in_repo()
{
	run_client env GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME="Jörg Tester" \
	    GIT_AUTHOR_EMAIL=tester@example.com \
	    GIT_COMMITTER_NAME="Jörg Tester" \
	    GIT_COMMITTER_EMAIL=tester@example.com \
	    git -C "$T/repo" "$@"
}

mkdir "$T/repo" || hard_error "mkdir failed"
git_in_repo init -q
assert_exit 0
printf 'Grüße aus Köln\n' >"$T/repo/greeting.txt"
git_in_repo add greeting.txt
assert_exit 0
git_in_repo commit -q -m "Add a greeting: Grüße"
assert_exit 0
git_in_repo format-patch -q -1 -o "$T/out"
assert_exit 0
PATCH=$(ls "$T"/out/*.patch) || hard_error "no patch written"
sed '1,/^$/d' "$PATCH" >"$T/patch-body"

git_in_repo send-email --confirm=never --suppress-cc=all \
    --smtp-server="$SENDMAIL" --8bit-encoding=UTF-8 \
    --from="Jörg Tester <tester@example.com>" --to=alice@example.org \
    --cc=carol@example.org --bcc=bcc@example.org "$PATCH"
assert_exit 0
assert_argv '[-i][alice@example.org][carol@example.org][bcc@example.org]'
assert_wrapper_exit 0
# No -f: the envelope sender is the user's, at the configured domain.
assert_envelope_from "$(id -un)@test.example"
assert_rcpts "alice@example.org carol@example.org bcc@example.org"
assert_mailopt BODY=8BITMIME
assert_message 1 --body "$T/patch-body" --header "To: alice@example.org" \
    --header "Cc: carol@example.org" --header-has "Subject: [PATCH]" \
    --header-has "From: =?UTF-8?"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"

# postie as the --smtp-server itself; a 451 reaches git.
git_in_repo send-email --confirm=never --suppress-cc=all \
    --smtp-server="$T/bin/postie" --smtp-server-option="-C$CONF" \
    --envelope-sender=bounces@example.com \
    --from="tester@example.com" --to=later@example.org "$PATCH"
[ "$RC" -ne 0 ] || fail "git send-email exited 0 although sending failed"
assert_stderr_contains "postie: "
assert_command "MAIL FROM:<bounces@example.com> BODY=8BITMIME"
assert_message_count 1
