#!/bin/sh
# Replays anacron's call (anacron itself cannot run here): as root, with
# no -C (postie finds its system-wide file, mounted in a private mount
# namespace), "/usr/sbin/sendmail -FAnacron -odi alice@example.org":
# no -i, "From: Anacron <root>", a 3006-octet line and job output that
# does not end with a newline. From: gets the domain, the long line goes
# through unchanged and the last line gets its CRLF.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

start_smtpd
client_setup
sendmail_ns system
INPUT=$CLIENTS/data/anacron-long.eml
[ "$(tail -c 1 "$INPUT" | od -A n -c | tr -d ' ')" != '\n' ] ||
    hard_error "the sample ends with a newline"
run_client "$NSRUN" env -i HOME=/root LOGNAME=root USER=root SHELL=/bin/sh \
    PATH=/usr/bin:/bin:/usr/sbin:/sbin \
    /usr/sbin/sendmail -FAnacron -odi alice@example.org
assert_exit 0
assert_argv '[-FAnacron][-odi][alice@example.org]'
assert_wrapper_exit 0
assert_envelope_from root@test.example
assert_rcpts alice@example.org
sed '1,/^$/d' "$INPUT" >"$T/body"
echo >>"$T/body"
assert_message 1 --body "$T/body" --header "From: Anacron <root@test.example>" \
    --header "Subject: Anacron job 'cron.daily' on host"
grep -q '^long: \(0123456789\)\{300\}'"$(printf '\r')"'$' "$SRVDIR/1.data" ||
    fail "the 3006-octet line was changed"
