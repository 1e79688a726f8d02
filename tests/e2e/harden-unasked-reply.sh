#!/bin/sh
# A reply to a command never sent is a protocol error (exit 76), found
# before it can shift the replies that follow: a "250" sent with the
# 354 would otherwise pass for the reply to the end of data, and the
# server's real 554 would be lost while postie said the message went.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml

faultd_with 'raw DATA 354 go ahead\r\n250 2.0.0 queued (not really)\r\n' \
    'reply EOD 554 5.7.1 rejected'
write_config
run_postie alice@example.org
assert_exit 76
NEVER="a reply to a command never sent"
assert_stderr_contains "127.0.0.1:$PORT: data after the reply to DATA: $NEVER"
assert_no_command '^\.$'
assert_no_message

# Without PIPELINING each reply is checked on its own.
faultd_with 'pipelining off' 'raw MAIL 250 2.1.0 Ok\r\n250 2.1.5 extra\r\n'
write_config
run_postie alice@example.org
assert_exit 76
assert_stderr_contains "$PORT: data after the reply to MAIL FROM: $NEVER"
assert_no_command '^RCPT'

faultd_with 'raw GREETING 220 faultd.test ESMTP\r\n250 unasked\r\n'
write_config
run_postie alice@example.org
assert_exit 76
assert_stderr_contains "127.0.0.1:$PORT: data after the greeting: $NEVER"
assert_no_command '^EHLO'

# The same with a queue: a protocol error is not queued for a retry.
faultd_with 'raw DATA 354 go ahead\r\n250 2.0.0 queued (not really)\r\n' \
    'reply EOD 554 5.7.1 rejected'
write_config "queue_dir = \"$T/queue\""
run_postie alice@example.org
assert_exit 76
[ -z "$(ls "$T/queue" 2>/dev/null | grep -v '^failed$')" ] ||
    fail "something was queued: $(ls "$T/queue")"
