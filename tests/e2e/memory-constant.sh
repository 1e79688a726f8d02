#!/bin/sh
# Constant memory: postie's peak resident size (ru_maxrss) for a 200 MiB
# message, streamed from a pipe, is within 2 MiB of that for a 2 KiB
# one. The server may hold the whole message; only postie is measured.
. "$TESTS_SRCDIR/lib.sh"

MAXRSS=$TESTS_BUILDDIR/maxrss
[ -x "$MAXRSS" ] || hard_error "$MAXRSS is not built"
! grep -a -q -e AddressSanitizer -e __asan_init "$POSTIE" ||
    skip "postie is built with AddressSanitizer: its memory is not its own"
LIMIT_KIB=2048
BIG=$((200 * 1024 * 1024))
LINE='0123456789 the quick brown fox jumps over the lazy dog 0123456789 abc'

start_smtpd --raw-max 0
write_config "timeout = 30"
sed '/^$/q' "$DATA/plain.eml" >"$T/head"
mkfifo "$T/pipe" || hard_error "mkfifo"

# send BODY_BYTES: one message through the pipe, its peak RSS in $T/rss.
send()
{
	{ cat "$T/head"; yes "$LINE" | head -c "$1"; } >"$T/pipe" &
	_gen=$!
	INPUT=$T/pipe
	run_cmd "$MAXRSS" "$T/rss" "$POSTIE" -C "$CONF" -i alice@example.org
	# A postie that failed early may have left the writer waiting.
	kill "$_gen" 2>/dev/null
	wait "$_gen" 2>/dev/null
	assert_exit 0
	RSS=$(cat "$T/rss")
}

# The size the server must get: CRLF line ends, a final one added.
want_size()
{
	_len=$((${#LINE} + 1))
	_full=$(($1 / _len))
	_crlf_head=$(($(wc -c <"$T/head") + $(wc -l <"$T/head")))
	echo $((_crlf_head + $1 + _full + ($1 % _len ? 2 : 0)))
}

run_cmd "$MAXRSS" "$T/rss" /bin/true
FLOOR=$(cat "$T/rss")

send 2048
SMALL=$RSS
[ "$(wc -c <"$SRVDIR/1.data")" -eq "$(want_size 2048)" ] ||
    fail "the 2 KiB message arrived with $(wc -c <"$SRVDIR/1.data") bytes"
[ "$FLOOR" -lt "$SMALL" ] ||
    hard_error "the launcher's own peak ($FLOOR KiB) hides postie's ($SMALL KiB)"

send "$BIG"
LARGE=$RSS
got=$(wc -c <"$SRVDIR/2.data")
[ "$got" -eq "$(want_size "$BIG")" ] ||
    fail "the 200 MiB message arrived with $got bytes, expected $(want_size "$BIG")"
echo "peak RSS: $SMALL KiB for 2 KiB, $LARGE KiB for 200 MiB (launcher $FLOOR KiB)"
[ $((LARGE - SMALL)) -le "$LIMIT_KIB" ] ||
    fail "peak RSS grew by $((LARGE - SMALL)) KiB ($SMALL -> $LARGE), more than $LIMIT_KIB KiB"
