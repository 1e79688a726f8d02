#!/bin/sh
# When the only recipient gets a 451 at RCPT TO, git send-email fails
# and its user sees why: postie prints the server's reply for that
# recipient (as it does for a 550), then where the message was saved.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

need git git
[ -x "$(git --exec-path)/git-send-email" ] ||
    skip "git send-email is not installed (Debian package git-email)"
start_smtpd --tempfail-rcpt later@example.org
client_setup
cat >"$T/patch" <<'PATCH'
From: tester@example.com
Subject: [PATCH] one line
Date: Mon, 30 Nov 2026 10:00:00 +0000

---
 a | 1 +
PATCH
run_client env GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Tester \
    GIT_AUTHOR_EMAIL=tester@example.com GIT_COMMITTER_NAME=Tester \
    GIT_COMMITTER_EMAIL=tester@example.com git send-email --confirm=never \
    --suppress-cc=all --smtp-server="$T/bin/postie" \
    --smtp-server-option="-C$CONF" --from=tester@example.com \
    --to=later@example.org "$T/patch"
[ "$RC" -ne 0 ] || fail "git send-email exited 0 although sending failed"
assert_stderr_contains "451 4.3.0 <later@example.org>: try again later"
