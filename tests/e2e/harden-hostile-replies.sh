#!/bin/sh
# A hostile server: a 100 KB reply line, 10,000 continuation lines, a
# greeting that never ends, a NUL byte, bytes that are not UTF-8, data
# after QUIT. Each ends at once with the right exit status and one clear
# line, nothing is delivered by mistake, and memory stays bounded while
# the server floods.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
bad=

# check EXIT TEXT SCRIPT-LINE...: postie against faultd running the
# script exits EXIT within 5 s and stderr has TEXT (failures gathered).
check()
{
	_ex=$1
	_text=$2
	shift 2
	faultd_with "$@"
	write_config
	run_postie alice@example.org
	_why=
	[ "$RC" = "$_ex" ] || _why="exit status $RC, expected $_ex"
	if [ -z "$_text" ]; then
		[ ! -s "$T/stderr" ] || _why="$_why${_why:+; }stderr not empty"
	elif ! grep -F -e "$_text" "$T/stderr" >/dev/null; then
		_why="$_why${_why:+; }stderr lacks \"$_text\""
	fi
	[ "$ELAPSED" -le 5 ] || _why="$_why${_why:+; }took $ELAPSED s"
	[ "$_ex" = 0 ] || [ ! -e "$SRVDIR/1.data" ] ||
	    _why="$_why${_why:+; }a message was received"
	[ "$(wc -l <"$T/stderr")" -le 2 ] ||
	    _why="$_why${_why:+; }more than two lines on stderr"
	if [ -n "$_why" ]; then
		echo "--- $(echo "$1" | cut -c1-60): $_why"
		echo "    stderr: $(cut -c1-300 "$T/stderr")"
		bad="$bad${bad:+, }$(echo "$1" | cut -c1-30)"
	fi
}

long=$(awk 'BEGIN { while (n++ < 100000) printf "x" }')
check 76 "malformed reply to EHLO: line longer than" "raw EHLO 250-$long"
check 76 "malformed reply to EHLO: too many lines in a reply" \
    'repeat EHLO 10000 250-faultd.test\r\n'
check 76 "malformed greeting: too many lines in a reply" \
    'raw GREETING 220-faultd.test\r\n' 'flood GREETING 220-still greeting\r\n'
check 76 "malformed reply to MAIL FROM: control byte in reply" \
    'raw MAIL 250 2.1.0 O\x00k\r\n'
check 76 "malformed greeting: control byte in reply" \
    'raw GREETING 220 faultd.test \x00ESMTP\r\n'
# UTF-8 (RFC 6531 servers send it) is shown; other high bytes become "?",
# so that no 0x9b can reach a terminal as an escape sequence.
u_uml=$(printf '\303\274')
check 67 "<alice@example.org> rejected: 550 5.1.1 ${u_uml}nknown ?? user" \
    'reply RCPT 550 5.1.1 \xc3\xbcnknown \xff\x9b user'
! grep "$(printf '\233')" "$T/stderr" >/dev/null ||
    fail "a stray 0x9b byte reached stderr"
check 0 "" 'reply EOD 250 2.0.0 queued \xc3\xa9t\xc3\xa9 \xfe'
# After QUIT the session is over: what the server sends then is ignored.
check 0 "" 'raw QUIT 221 2.0.0 Bye\r\n250 what now\r\n'
check 0 "" 'flood QUIT garbage after quit\r\n'
[ -z "$bad" ] || fail "not handled as they should be: $bad"

# Memory while the greeting floods: the peak differs from that of a
# plain session by little (the reply is read a line at a time, and a
# reply has at most 100 lines).
if grep -a -q -e AddressSanitizer -e __asan_init "$POSTIE"; then
	echo "postie is built with AddressSanitizer: its memory not measured"
	exit 0
fi
MAXRSS=$TESTS_BUILDDIR/maxrss
[ -x "$MAXRSS" ] || hard_error "$MAXRSS is not built"
faultd_with "# plain"
write_config
run_cmd "$MAXRSS" "$T/rss" "$POSTIE" -C "$CONF" alice@example.org
assert_exit 0
plain=$(cat "$T/rss")
faultd_with 'raw GREETING 220-faultd.test\r\n' \
    "flood GREETING 220-$(awk 'BEGIN { while (n++ < 400) printf "y" }')\\r\\n"
write_config
run_cmd "$MAXRSS" "$T/rss" "$POSTIE" -C "$CONF" alice@example.org
assert_exit 76
flood=$(cat "$T/rss")
echo "peak RSS: $plain KiB plain, $flood KiB under a flood"
[ $((flood - plain)) -le 1024 ] ||
    fail "peak RSS grew by $((flood - plain)) KiB under a flood"
