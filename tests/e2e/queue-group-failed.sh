#!/bin/sh
# A group queue (set-group-ID, mode 2770): a message queued by one user
# and refused for good in a queue run by another moves to failed/, whole,
# although Linux refuses that user a hard link to it
# (fs.protected_hardlinks): failed/ then gets a copy.
. "$TESTS_SRCDIR/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to make files of two users"
command -v setpriv >/dev/null 2>&1 || skip "no setpriv"
nobody_uid=$(id -u nobody 2>/dev/null) || skip "no user nobody"
group=$(id -gn nobody)
as_nobody="setpriv --reuid=$nobody_uid --regid=$(id -g nobody) --clear-groups"
$as_nobody "$POSTIE" --version >/dev/null 2>&1 ||
    skip "cannot run postie as nobody"

chmod 711 "$T" || hard_error "chmod $T"
mkdir -p "$T/queue/failed" && chgrp "$group" "$T/queue" "$T/queue/failed" &&
    chmod 2770 "$T/queue" "$T/queue/failed" || hard_error "group queue"

faultd_with "reply RCPT 550 5.1.1 no such user"
write_config "queue_dir = \"$T/queue\""
chmod 644 "$CONF"
INPUT=$DATA/plain.eml
run_postie -odq alice@example.org
assert_exit 0
msg=$(ls "$T/queue" | grep '\.msg$')
[ -n "$msg" ] || fail "not queued"
[ "$(stat -c %U:%a "$T/queue/$msg")" = root:640 ] ||
    fail "queued as $(stat -c %U:%a "$T/queue/$msg"), not root:640"

run_cmd $as_nobody "$POSTIE" -C "$CONF" -q
assert_exit 0
[ -z "$(ls "$T/queue" | grep -e '\.env$' -e '\.msg$')" ] ||
    fail "still queued: $(ls "$T/queue")"
[ -f "$T/queue/failed/$msg" ] || fail "no failed/$msg: $(ls "$T/queue/failed")"
to_crlf "$INPUT" "$T/want"
assert_file_equals "$T/want" "$T/queue/failed/$msg"
grep -q '^failed: .*550 5.1.1 no such user' "$T/queue/failed/${msg%.msg}.env" ||
    fail "no reason: $(cat "$T/queue/failed/${msg%.msg}.env")"
