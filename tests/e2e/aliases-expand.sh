#!/bin/sh
# Local recipients (no '@') are looked up in the aliases file ("~/" is
# the home directory): entries with comments and continuation lines,
# names without regard to case, recursion, "\name", "default:" for names
# without an entry; addresses with '@' are never looked up; what is left
# gets @domain. The headers keep the names as written (qualified).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
cat >"$T/aliases" <<'ALIASES'
# postie aliases
postmaster: root
root: Admin <admin@example.org>,
	ops
ops: ops-1@example.net, ops-2@example.net
# keep a copy under the name itself
keep: \keep, archive@example.org
ALIASES
write_config 'aliases = "~/aliases"'
INPUT=$DATA/atd-1.eml

run_postie -i PostMaster carol@example.org
assert_exit 0
assert_rcpts "admin@example.org ops-1@example.net ops-2@example.net carol@example.org"

run_postie -i keep nobody
assert_exit 0
assert_rcpts "keep@test.example archive@example.org nobody@test.example" 2

# -t: "To: root" in the header is expanded for the envelope only.
run_postie -i -t
assert_exit 0
assert_rcpts "admin@example.org ops-1@example.net ops-2@example.net" 3
sender="$(id -un)@test.example"
{ sed -e '/^$/,$d' -e 's/^To: root$/To: root@test.example/' "$INPUT"
  echo "From: $sender"
  sed -n '/^$/,$p' "$INPUT"; } >"$T/edited"
to_crlf "$T/edited" "$T/want"
assert_data_added "$T/want" 3

# A bare -f name is qualified, never expanded; duplicates go.
run_postie -i -f root ops ops-1@example.net
assert_exit 0
assert_envelope_from root@test.example 4
assert_rcpts "ops-1@example.net ops-2@example.net" 4

# -bv shows the expansion.
run_postie -bv root
assert_exit 0
assert_stdout_contains "recipient: <admin@example.org>"
assert_stdout_contains "recipient: <ops-2@example.net>"

# default: catches names without an entry, at any depth.
printf 'default: catchall@example.org\nroot: admin\n' >"$T/aliases"
run_postie -i root someone other@example.net
assert_exit 0
assert_rcpts "catchall@example.org other@example.net" 5
