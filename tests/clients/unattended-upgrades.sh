#!/bin/sh
# Replays unattended-upgrades' call (its run cannot be triggered here): as
# root from apt's daily job, with no -C (postie finds its system-wide
# file, mounted in a private mount namespace), "/usr/sbin/sendmail -oi
# -t" on the report Python's email package wrote: From, To, Subject,
# quoted-printable UTF-8 body with soft line breaks, no Date and no
# Message-ID. The recipient comes from To:, Date and Message-ID are
# added and the body arrives byte for byte.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

start_smtpd
client_setup
sendmail_ns system
INPUT=$CLIENTS/data/unattended-upgrades-1.eml
run_client "$NSRUN" env -i HOME=/root LOGNAME=root USER=root \
    PATH=/usr/bin:/bin:/usr/sbin:/sbin /usr/sbin/sendmail -oi -t
assert_exit 0
assert_argv '[-oi][-t]'
assert_wrapper_exit 0
assert_envelope_from root@test.example
assert_rcpts alice@example.org
sed '1,/^$/d' "$INPUT" >"$T/body"
assert_message 1 --body "$T/body" --header "From: uu@example.com" \
    --header "To: alice@example.org" \
    --header "Subject: unattended-upgrades result for localhost: SUCCESS"
