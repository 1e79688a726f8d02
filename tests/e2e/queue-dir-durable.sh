#!/bin/sh
# A queue directory postie creates (and its parents, and failed/) is
# made durable in its parent before the first message counts on it: a
# crash right after exit 0 must not lose the directory, and with it the
# message. Seen with strace: each mkdir is followed by an fsync of the
# directory that holds the new one.
. "$TESTS_SRCDIR/lib.sh"

command -v strace >/dev/null 2>&1 || skip "no strace"
strace -f -o /dev/null true 2>/dev/null || skip "strace cannot trace here"

PORT=$(free_port)
write_config "queue_dir = \"$T/spool/queue\""
INPUT=$DATA/plain.eml
# LeakSanitizer cannot run under ptrace: off for this run (ASan builds).
saved_asan=${ASAN_OPTIONS-}
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
run_cmd strace -f -e trace=mkdir,openat,fsync -o "$T/trace" \
    "$POSTIE" -C "$CONF" -odq alice@example.org
ASAN_OPTIONS=$saved_asan
assert_exit 0
assert_queued 1 "$T/spool/queue"

# synced DIR: an fsync of DIR, opened as a directory, after the mkdir
# of its child CHILD.
synced()
{
	awk -v child="mkdir(\"$2\"" -v dir="openat(AT_FDCWD, \"$1\", " '
	index($0, child) { made = 1 }
	made && index($0, dir) && /O_DIRECTORY/ {
		match($0, /= [0-9]+$/)
		fd = substr($0, RSTART + 2)
	}
	made && fd != "" && index($0, "fsync(" fd ")") { ok = 1 }
	END { exit !ok }' "$T/trace"
}
for pair in "$T:$T/spool" "$T/spool:$T/spool/queue" \
    "$T/spool/queue:$T/spool/queue/failed"; do
	synced "${pair%%:*}" "${pair#*:}" ||
	    fail "${pair#*:} made without an fsync of ${pair%%:*}: $(grep -e mkdir -e fsync -e O_DIRECTORY "$T/trace")"
done
