#!/bin/sh
# The aliases file is read only when a recipient has no '@'; missing,
# malformed or looping, it is a configuration error (exit 78) that names
# the file, the line or the alias, and nothing is sent.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config "aliases = \"$T/missing-aliases\""
INPUT=$DATA/plain.eml

run_postie -i alice@example.org
assert_exit 0
assert_message_count 1

run_postie -i root
assert_exit 78
assert_stderr_contains "$T/missing-aliases"

printf 'root: a@example.org\n# two names\nbad name: b@example.org\n' >"$T/bad"
write_config "aliases = \"$T/bad\""
run_postie -i root
assert_exit 78
assert_stderr_contains "$T/bad: line 3"

printf 'root: staff\nstaff: admin, x@example.org\nadmin: root\n' >"$T/loop"
write_config "aliases = \"$T/loop\""
run_postie -i root
assert_exit 78
assert_stderr_contains "$T/loop"
assert_stderr_contains "alias root loops: root -> staff -> admin -> root"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "not one line on stderr"

printf 'list: "|/usr/bin/list-post list"\n' >"$T/pipe"
write_config "aliases = \"$T/pipe\""
run_postie -i list
assert_exit 78
assert_stderr_contains "line 1: list"
assert_message_count 1
