#!/bin/sh
# One line per message in logfile, on success and on failure, with the
# fields of SPEC §7 and the server's final (or failing) reply.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config "logfile = \"$T/postie.log\""
INPUT=$DATA/plain.eml
run_postie -f sender@example.com alice@example.org bob@example.net
assert_exit 0
[ "$(wc -l <"$T/postie.log")" -eq 1 ] || fail "want one log line: $(cat "$T/postie.log")"
line=$(cat "$T/postie.log")
for want in "host=127.0.0.1:$PORT" "tls=off" "auth=off" \
    "from=sender@example.com" "recipients=alice@example.org,bob@example.net" \
    "size=$(wc -c <"$SRVDIR/1.data")" "status=sent" 'smtp="250 2.0.0 Ok' \
    "elapsed="; do
	case $line in
	*"$want"*) ;;
	*) fail "log line lacks $want: $line" ;;
	esac
done

faultd_with "reply RCPT 550 5.1.1 no such user"
write_config "logfile = \"$T/postie.log\""
run_postie alice@example.org
assert_exit 67
line=$(tail -n 1 "$T/postie.log")
case $line in
*"recipients=alice@example.org "*"status=failed smtp=\"550 5.1.1 no such user\""*) ;;
*) fail "failure not logged with its reply: $line" ;;
esac
[ "$(wc -l <"$T/postie.log")" -eq 2 ] || fail "want two log lines"

# log_has WHAT: the last log line has WHAT.
log_has()
{
	line=$(tail -n 1 "$T/postie.log")
	case $line in
	*"$1"*) ;;
	*) fail "the log line lacks $1: $line" ;;
	esac
}

# smtp= is the reply that failed the message, not the last one read
# (here the 354 or 554 to the pipelined DATA); a failure that is no
# reply is logged with its error instead.
faultd_with "reply MAIL 451 4.3.0 try later"
write_config "logfile = \"$T/postie.log\""
run_postie alice@example.org
assert_exit 75
log_has 'status=failed smtp="451 4.3.0 try later"'
faultd_with "reply RCPT 450 4.2.0 mailbox busy"
write_config "logfile = \"$T/postie.log\""
run_postie alice@example.org
assert_exit 75
log_has 'status=failed smtp="450 4.2.0 mailbox busy"'
faultd_with "pipelining on"
write_config "logfile = \"$T/postie.log\"" "tls = starttls"
run_postie alice@example.org
assert_exit 75
log_has 'status=failed error="127.0.0.1:'"$PORT"': the server does not offer STARTTLS'


# -L names the tag of the line.
start_smtpd
write_config "logfile = \"$T/postie.log\""
run_postie -L cronmail alice@example.org
assert_exit 0
tail -n 1 "$T/postie.log" | grep -q ' cronmail\[[0-9]*\]: host=' ||
    fail "-L tag not used: $(tail -n 1 "$T/postie.log")"
