#!/bin/sh
# A queue that cannot be written: the message is not reported as
# accepted (non-zero exit, and the reason), nothing half-written left.
. "$TESTS_SRCDIR/lib.sh"

: >"$T/file"
PORT=$(free_port)
write_config "queue_dir = \"$T/file/queue\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
[ "$RC" -ne 0 ] || fail "accepted without a queue"
assert_stderr_contains "not kept"

mkdir -m 777 "$T/open"
write_config "queue_dir = \"$T/open\""
run_postie alice@example.org
assert_exit 73
[ -z "$(ls "$T/open")" ] || fail "wrote into a world-writable queue"

# -odq into it: one line, the real reason; no "queued" said before it.
run_postie -odq alice@example.org
assert_exit 73
assert_stderr_contains "not kept"
assert_stderr_not_contains "queued on request"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "more than one line: $(cat "$T/stderr")"
[ -z "$(ls "$T/open")" ] || fail "wrote into a world-writable queue"
