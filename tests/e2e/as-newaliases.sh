#!/bin/sh
# "newaliases" (and -bi) has nothing to do: exit 0 without connecting,
# even where no configuration exists yet (package scripts call it).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
ln -s "$POSTIE" "$T/newaliases" || hard_error "ln -s failed"
run_cmd "$T/newaliases" -C "$CONF"
assert_exit 0
run_postie -bi
assert_exit 0
run_cmd "$T/newaliases"
assert_exit 0
[ ! -s "$SRVDIR/commands" ] || fail "postie talked to the server"
