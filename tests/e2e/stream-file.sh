#!/bin/sh
# "sendmail < file": a body larger than postie keeps in memory is not
# copied when the input is a regular file, but read again from it when
# it is needed again (a queued copy, a fallback account). So postie
# needs no temporary directory for it, where a pipe needs one; it
# starts where the caller's offset is; and a file changed in the
# meantime is not read again half changed.
. "$TESTS_SRCDIR/lib.sh"

sed '/^$/q' "$DATA/plain.eml" >"$T/in"
# 1.5 MB of body; lines that start with a dot, to be stuffed, and a
# bare CR now and then, kept.
awk 'BEGIN { for (i = 0; i < 24000; i++)
	printf "%s%06d the quick brown fox%s jumps over the lazy dog\n",
	    (i % 97 == 3 ? "." : ""), i, (i % 101 == 7 ? "\r" : "") }' >>"$T/in"
to_crlf "$T/in" "$T/want"

# No temporary directory: with the file, sent; through a pipe, not.
# (valgrind needs one for itself: under it, only the send is checked.)
[ -n "$VALGRIND" ] || {
	TMPDIR=$T/no-such-dir
	export TMPDIR
}
start_smtpd --raw-max 0
write_config "timeout = 30"
INPUT=$T/in
run_postie -i alice@example.org
assert_exit 0
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"
if [ -z "$VALGRIND" ]; then
	run_cmd sh -c 'cat | "$0" "$@"' "$POSTIE" -C "$CONF" -i \
	    alice@example.org
	assert_exit 74
	assert_stderr_contains "cannot create a temporary file in $T/no-such-dir"
	assert_message_count 1
fi

# The caller read a line of the file first: the message starts after it.
{ echo "not part of the message"; cat "$T/in"; } >"$T/after-line"
INPUT=$T/after-line
run_cmd sh -c 'read -r line; exec "$0" "$@"' "$POSTIE" -C "$CONF" -i \
    alice@example.org
assert_exit 0
cmp -s "$T/want" "$SRVDIR/2.data" || assert_data "$T/want" 2

# Dropped in the middle of the body: the queued copy is read again from
# the file, whole, and a queue run delivers every byte. Without -i, a
# lone "." line ends the message there, on both reads.
{ cat "$T/in"; printf '.\nnot part of the message\n'; } >"$T/dot-ended"
faultd_with "drop BODY 400000"
write_config "timeout = 30" "queue_dir = \"$T/queue\""
INPUT=$T/dot-ended
run_postie alice@example.org
assert_exit 0
assert_queued 1
deliver_queued "$T/want"

# Dropped in the middle of the body, then sent whole through the
# fallback account, read again from the file.
faultd_with "drop BODY 400000"
dropper=$PORT
start_smtpd --raw-max 0
write_config "timeout = 30" "account first { port = $dropper" \
    'fallback = "second" }' "account second { port = $PORT }" \
    'default_account = "first"'
INPUT=$T/in
run_postie -v -i alice@example.org
assert_exit 0
assert_stderr_contains "trying account second"
cmp -s "$T/want" "$SRVDIR/1.data" || assert_data "$T/want"

# The file changes while it is sent, and the server then refuses the
# message for now: it is not queued from the changed file. postie says
# so and fails; the caller still has its file.
faultd_with "stall BODY 2" "reply EOD 452 4.3.1 try again later"
write_config "timeout = 30" "queue_dir = \"$T/queue\""
cp "$T/in" "$T/changing"
(sleep 1 && echo "a line more" >>"$T/changing") &
CHANGER=$!
INPUT=$T/changing
run_postie -i alice@example.org
wait "$CHANGER"
assert_exit 73
assert_stderr_contains "cannot queue the message in $T/queue: the message file changed while it was read; it cannot be read again; the message was not kept"
assert_queued 0
[ ! -e "$T/dead.letter" ] || fail "kept in dead.letter from a changed file"
