#!/bin/sh
# Malformed replies are protocol errors, exit 76: a bad code, a reply
# line without CRLF before the close, a line over 512 octets, "250x", a
# multi-line reply whose codes differ, replies nobody asked for. Every
# case runs; the failures are reported together.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
long=$(awk 'BEGIN { while (n++ < 600) printf "x" }')
bad=

# check WHAT TEXT-IN-STDERR SCRIPT-LINE...
check()
{
	what=$1
	text=$2
	shift 2
	faultd_with "$@"
	write_config
	run_postie alice@example.org
	why=
	[ "$RC" = 76 ] || why="exit status $RC, expected 76"
	grep -F -e "127.0.0.1:$PORT: $text" "$T/stderr" >/dev/null ||
	    why="$why${why:+; }stderr lacks \"$text\""
	[ ! -e "$SRVDIR/1.data" ] || why="$why${why:+; }a message was received"
	if [ -n "$why" ]; then
		echo "--- $what: $why; stderr: $(cat "$T/stderr")"
		bad="$bad${bad:+, }$what"
	fi
}

check "code 600" "malformed" 'raw GREETING 600 faultd.test ESMTP\r\n'
check "no CRLF, then close" "" 'raw EHLO 250 faultd.test' 'close EHLO'
check "line over 512 octets" "malformed reply to EHLO" \
    "raw EHLO 250-$long\\r\\n250 PIPELINING\\r\\n"
check "250x" "malformed reply to MAIL" 'raw MAIL 250x Ok\r\n'
check "codes differ" "" 'raw EHLO 250-faultd.test\r\n251 PIPELINING\r\n'
check "extra reply after the greeting" "" \
    'raw GREETING 220 faultd.test ESMTP\r\n250 unasked\r\n'
check "extra reply after EHLO" "" \
    'raw EHLO 250-faultd.test\r\n250 PIPELINING\r\n250 unasked\r\n'
[ -z "$bad" ] || fail "not handled as protocol errors: $bad"
