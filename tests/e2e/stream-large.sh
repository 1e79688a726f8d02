#!/bin/sh
# A body larger than postie keeps in memory is sent while it is read:
# the server sees DATA before the caller has written the whole message,
# and gets every byte. Its MAIL FROM has no SIZE= (the size is not known
# yet); past the server's SIZE limit it is cut off (exit 69, nothing
# delivered); a failure mid-body still queues the whole message; and
# the caller's input is always read to its end (no SIGPIPE for it).
# It goes with DATA even when CHUNKING is offered, but for BINARYMIME.
. "$TESTS_SRCDIR/lib.sh"

sed '/^$/q' "$DATA/plain.eml" >"$T/head"
# 300 kB of body in the first part, 1.2 MB after; some lines start
# with a dot, to be stuffed across the reads.
awk 'BEGIN { for (i = 0; i < 4000; i++)
	printf "%s%06d the quick brown fox jumps over the lazy dog\n",
	    (i % 97 == 3 ? "." : ""), i }' >>"$T/head"
awk 'BEGIN { for (i = 0; i < 16000; i++)
	printf "%s%06d pack my box with five dozen liquor jugs, again\n",
	    (i % 89 == 5 ? ".." : ""), i }' >"$T/tail"
cat "$T/head" "$T/tail" >"$T/in"
to_crlf "$T/in" "$T/want"

# start_writer FILE...: writes the files into $T/fifo, the caller's
# pipe; its exit status lands in $T/writer.rc. With WAIT_DATA set, it
# waits (20 s at most) for the server to see DATA before the last file.
start_writer()
{
	rm -f "$T/fifo" "$T/writer.rc" "$T/writer.saw-data"
	mkfifo "$T/fifo"
	(
		trap '' PIPE
		rc=0
		while [ $# -gt 1 ]; do
			cat "$1" || rc=$?
			shift
		done
		if [ -n "$WAIT_DATA" ]; then
			i=0
			until grep -q -x DATA "$SRVDIR/commands" 2>/dev/null ||
			    [ $i -ge 200 ]; do
				sleep 0.1
				i=$((i + 1))
			done
			! grep -q -x DATA "$SRVDIR/commands" 2>/dev/null ||
			    : >"$T/writer.saw-data"
		fi
		cat "$1" || rc=$?
		echo "$rc" >"$T/writer.rc"
	) >"$T/fifo" &
	WRITER=$!
	INPUT=$T/fifo
}

wait_writer()
{
	wait "$WRITER"
	[ "$(cat "$T/writer.rc" 2>/dev/null)" = 0 ] ||
	    fail "the caller's writes failed (status $(cat "$T/writer.rc" 2>/dev/null)): its input was not read to the end"
}

# send_big [CONFIG-LINE...] -- ARGS...: the whole message through the
# caller's pipe to postie -i ARGS, with WAIT_DATA as for start_writer.
send_big()
{
	_cfg=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_cfg=$1
		shift
	done
	shift
	if [ -n "$_cfg" ]; then
		write_config "timeout = 30" "$_cfg"
	else
		write_config "timeout = 30"
	fi
	start_writer "$T/head" "$T/tail"
	run_postie -i "$@"
	wait_writer
}

# saw_data_first: the writer saw DATA before it wrote the end.
saw_data_first()
{
	[ -e "$T/writer.saw-data" ] ||
	    fail "the server saw no DATA before the caller wrote the end"
}

# Sent while read: DATA before the caller is done; the exact bytes.
start_smtpd --size 100000000 --raw-max 0
WAIT_DATA=1 send_big -- alice@example.org
assert_exit 0
saw_data_first
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"
! grep -q 'SIZE=' "$SRVDIR/1.mailopts" ||
    fail "SIZE= declared before the size was known: $(cat "$SRVDIR/1.mailopts")"

# Over the server's limit: cut off, refused, the input still read.
start_smtpd --size 1000000
send_big -- alice@example.org
assert_exit 69
assert_stderr_contains "more than 1000000 bytes, the most the server accepts"
assert_no_message

# Refused at RCPT: nothing of the body sent, the input still read.
faultd_with "reply RCPT 550 5.1.1 no such user"
send_big -- alice@example.org
assert_exit 67

# Dropped in the middle of the body: the whole message is queued, and
# a queue run delivers every byte.
faultd_with "drop BODY 400000"
send_big "queue_dir = \"$T/queue\"" -- alice@example.org
assert_exit 0
assert_queued 1
deliver_queued "$T/want"

# CHUNKING offered: DATA all the same (BDAT must state the size first),
# sent while read; -BBINARYMIME, which needs BDAT, is read whole first
# and goes in one "BDAT <size> LAST" with its exact size.
faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-BINARYMIME|250-SIZE 100000000|250 CHUNKING"
WAIT_DATA=1 send_big -- alice@example.org
assert_exit 0
saw_data_first
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"
assert_no_command '^BDAT'

faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-BINARYMIME|250-SIZE 100000000|250 CHUNKING"
send_big -- -BBINARYMIME alice@example.org
assert_exit 0
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"
assert_command "BDAT $(wc -c <"$T/want") LAST"
grep -q "^MAIL FROM:<[^>]*> SIZE=$(wc -c <"$T/want") BODY=BINARYMIME" \
    "$SRVDIR/commands" ||
    fail "no exact SIZE= and BODY=BINARYMIME: $(grep '^MAIL' "$SRVDIR/commands")"
