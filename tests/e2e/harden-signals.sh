#!/bin/sh
# SIGTERM or SIGINT while postie streams a large message to a server
# that has stopped reading leaves nothing behind: no temporary file in
# $TMPDIR, no file at all in the queue, no dead.letter (the caller was
# told nothing). A message already queued stays queued, whole, when the
# queue run sending it is killed; the next run sends it. SIGTERM while
# the queue file is written ends with the message queued whole or not
# at all: no tmp.* file, no ID.msg without its ID.env.
. "$TESTS_SRCDIR/lib.sh"

mkdir "$T/tmp" || hard_error "mkdir"
{ sed '/^$/q' "$DATA/plain.eml"
  yes 'a line of the body, again and again' | head -c $((30 * 1024 * 1024))
} >"$T/big.eml" || hard_error "cannot write the message"
INPUT=$T/big.eml
PID=

# start_bg ARGS...: postie ARGS in the background with TMPDIR=$T/tmp,
# SIGINT and SIGTERM at their defaults (a shell starts background jobs
# with SIGINT ignored). Sets PID.
start_bg()
{
	env -u POSTIE_CONFIG HOME="$T" TMPDIR="$T/tmp" \
	    "$PYTHON3" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$POSTIE" -C "$CONF" "$@" \
	    <"$INPUT" >"$T/stdout" 2>"$T/stderr" &
	PID=$!
	CHILD=$PID
	LAST_CMD="postie $*"
}

# stop_bg SIGNAL: sends it, waits; RC is the exit status (128 + signal).
stop_bg()
{
	kill "-$1" "$PID"
	wait "$PID" 2>/dev/null
	RC=$?
	CHILD=
}

# in_body: the server said 354 and postie has been writing for a moment.
in_body()
{
	_i=0
	until grep -q '^DATA$' "$SRVDIR/commands" 2>/dev/null; do
		[ $_i -lt 100 ] || fail "postie did not reach DATA"
		sleep 0.1
		_i=$((_i + 1))
	done
	sleep 0.5
	kill -0 "$PID" 2>/dev/null || fail "postie ended before the signal"
}

# nothing_left WHAT: no temporary file, nothing queued, no dead.letter.
nothing_left()
{
	[ -z "$(ls -A "$T/tmp")" ] ||
	    fail "$1: left in TMPDIR: $(ls -A "$T/tmp")"
	[ ! -d "$T/queue" ] || [ -z "$(ls -A "$T/queue" | grep -vx failed)" ] ||
	    fail "$1: left in the queue: $(ls -A "$T/queue")"
	[ ! -e "$T/dead.letter" ] || fail "$1: a dead.letter was written"
	assert_no_message
}

for sig in TERM INT; do
	faultd_with "stall BODY 30"
	write_config "timeout = 30"
	start_bg alice@example.org
	in_body
	stop_bg $sig
	[ "$RC" -gt 128 ] || fail "SIG$sig: exit status $RC"
	nothing_left "SIG$sig, no queue"

	faultd_with "stall BODY 30"
	write_config "timeout = 30" "queue_dir = \"$T/queue\""
	start_bg alice@example.org
	in_body
	stop_bg $sig
	[ "$RC" -gt 128 ] || fail "SIG$sig: exit status $RC"
	nothing_left "SIG$sig, with a queue"
done

# Queued, then the queue run is killed in the middle of the body.
faultd_with "stall BODY 30"
write_config "timeout = 30" "queue_dir = \"$T/queue\""
run_postie -odq alice@example.org
assert_exit 0
start_bg -q
in_body
stop_bg TERM
[ "$(ls "$T/queue" | grep -c '\.env$')" = 1 ] &&
    [ "$(ls "$T/queue" | grep -c '\.msg$')" = 1 ] ||
    fail "the queued message did not stay queued: $(ls -A "$T/queue")"
! ls -A "$T/queue" | grep -q '^tmp\.' || fail "a tmp.* file was left"
start_smtpd --raw-max 0
write_config "timeout = 30" "queue_dir = \"$T/queue\""
run_postie -q
assert_exit 0
assert_message_count 1
[ "$(wc -c <"$SRVDIR/1.data")" -gt $((30 * 1024 * 1024)) ] ||
    fail "the message arrived cut: $(wc -c <"$SRVDIR/1.data") bytes"
[ -z "$(ls -A "$T/queue" | grep -vx failed)" ] ||
    fail "still queued: $(ls -A "$T/queue")"

# SIGTERM while the queue file is being written. The window is short:
# the signal goes as soon as a tmp.* file shows; a run that ends before
# one is seen is tried again.
rm -rf "$T/queue"
mkdir -m 700 "$T/queue" || hard_error "mkdir"
write_config "queue_dir = \"$T/queue\""
caught=0
for try in 1 2 3 4 5 6 7 8; do
	start_bg -odq alice@example.org
	while kill -0 "$PID" 2>/dev/null; do
		set -- "$T/queue"/tmp.*
		[ -e "$1" ] && { caught=1; break; }
	done
	stop_bg TERM
	[ $caught = 1 ] && break
	rm -f "$T/queue"/*.env "$T/queue"/*.msg
done
if [ $caught = 0 ]; then
	echo "the queue write was never caught; not checked"
	exit 0
fi
! ls -A "$T/queue" | grep -q '^tmp\.' ||
    fail "SIGTERM while queueing left: $(ls -A "$T/queue")"
n_env=$(ls "$T/queue" | grep -c '\.env$')
n_msg=$(ls "$T/queue" | grep -c '\.msg$')
[ "$n_env" = "$n_msg" ] ||
    fail "an ID.msg without its ID.env: $(ls -A "$T/queue")"
if [ "$n_env" = 1 ]; then
	start_smtpd --raw-max 0
	write_config "timeout = 30" "queue_dir = \"$T/queue\""
	run_postie -q
	assert_exit 0
	assert_message_count 1
	[ "$(wc -c <"$SRVDIR/1.data")" -gt $((30 * 1024 * 1024)) ] ||
	    fail "the message arrived cut: $(wc -c <"$SRVDIR/1.data") bytes"
fi
