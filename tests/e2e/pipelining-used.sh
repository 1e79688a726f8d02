#!/bin/sh
# When the server offers PIPELINING, MAIL FROM, every RCPT TO and DATA go
# in one flight (one read on the server, sent before any of their
# replies), and no command is sent twice.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org bob@example.net
assert_exit 0
assert_rcpts "alice@example.org bob@example.net"
log=$SRVDIR/commands.log
mail_chunk=$(awk '$4 == "MAIL" { print $2 }' "$log")
[ -n "$mail_chunk" ] || fail "no MAIL FROM in the log"
awk -v c="$mail_chunk" '
	$4 == "RCPT" || $4 == "DATA" { n++; if ($2 != c || $3 != "P") bad = 1 }
	END { exit !(n == 3 && !bad) }' "$log" ||
    { cat "$log"; fail "MAIL, RCPT and DATA were not pipelined"; }
for c in EHLO MAIL RCPT DATA; do
	want=1
	[ $c = RCPT ] && want=2
	[ "$(grep -c "^$c " "$SRVDIR/commands")" -le $want ] ||
	    fail "$c was sent more than $want time(s)"
done
