#!/bin/sh
# One recipient refused for good (550), the other deferred (451), none
# accepted: both replies are shown, the exit is 67, and the message is
# kept for the deferred one (dead.letter here, the queue with queue_dir,
# where only that recipient is pending).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --reject-rcpt bad@example.org --tempfail-rcpt later@example.org
write_config
INPUT=$DATA/plain.eml
run_postie later@example.org bad@example.org
assert_exit 67
assert_stderr_contains "RCPT TO:<bad@example.org> rejected: 550"
assert_stderr_contains "RCPT TO:<later@example.org> rejected: 451"
assert_stderr_contains "message saved in $T/dead.letter"
[ -s "$T/dead.letter" ] || fail "no copy kept"

write_config "queue_dir = \"$T/queue\""
run_postie later@example.org bad@example.org
assert_exit 67
assert_stderr_contains "RCPT TO:<bad@example.org> rejected: 550"
grep -q '^recipient: later@example.org$' "$T"/queue/*.env || fail "later not queued"
grep -q 'bad@example.org' "$T"/queue/*.env && fail "bad queued"
assert_message_count 0
