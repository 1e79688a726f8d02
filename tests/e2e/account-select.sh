#!/bin/sh
# Account selection: -a NAME; else the first account whose from_match
# glob matches the envelope sender (-f), without regard to case; else
# default_account. Each account has its own server, so where a message
# arrives says which account sent it.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
A=$SRVDIR
A_PORT=$PORT
start_smtpd
B=$SRVDIR
B_PORT=$PORT
write_config 'default_account = "alpha"' \
    "account alpha {" "  port = $A_PORT" '  from = "alpha@example.org"' "}" \
    "account beta {" "  port = $B_PORT" \
    '  from_match = {"*@beta.example", "ops-?*@example.net"}' "}"
INPUT=$DATA/plain.eml

# count DIR: messages DIR's server has received.
count()
{
	ls "$1" | grep -c '\.data$'
}

# sent_to DIR N SENDER: the server in DIR got its Nth message from SENDER.
sent_to()
{
	[ "$(count "$1")" -eq "$2" ] ||
	    fail "server $(basename "$1") has $(count "$1") messages, expected $2"
	[ "$(cat "$1/$2.from")" = "$3" ] ||
	    fail "envelope sender $(cat "$1/$2.from"), expected $3"
}

run_postie alice@example.org
assert_exit 0
sent_to "$A" 1 alpha@example.org

run_postie -f Joe@Beta.EXAMPLE alice@example.org
assert_exit 0
sent_to "$B" 1 Joe@Beta.EXAMPLE

run_postie -f '<ops-7@example.net>' alice@example.org
assert_exit 0
sent_to "$B" 2 ops-7@example.net

run_postie -f ops-@example.net alice@example.org
assert_exit 0
sent_to "$A" 2 ops-@example.net

run_postie -f joe@other.example alice@example.org
assert_exit 0
sent_to "$A" 3 joe@other.example

run_postie -a alpha -f joe@beta.example alice@example.org
assert_exit 0
sent_to "$A" 4 joe@beta.example

run_postie --account=beta alice@example.org
assert_exit 0
sent_to "$B" 3 "$(id -un)@test.example"

run_postie -a gamma alice@example.org
assert_exit 78
assert_stderr_contains '"gamma"'
[ "$(count "$A")" -eq 4 ] && [ "$(count "$B")" -eq 3 ] ||
    fail "a message was sent with an unknown account"

write_config "account alpha {" "  port = $A_PORT" "}" \
    'default_account = "beta"' "account beta {" "  port = $B_PORT" "}"
run_postie alice@example.org
assert_exit 0
sent_to "$B" 4 "$(id -un)@test.example"
