#!/bin/sh
# auth = external: the client certificate is the login. As with every
# mechanism, a user must be set (SPEC §4: no user, no AUTH); it is not
# sent: the AUTH line carries the empty authorization identity "=".
. "$TESTS_SRCDIR/lib.sh"

faultd_with "ehlo 250-faultd.test|250-AUTH EXTERNAL|250 PIPELINING" \
    "reply AUTH 235 2.7.0 ok"
: >"$T/client.pem"
write_config "auth = external" "tls_cert_file = \"$T/client.pem\"" \
    'user = "alice"'
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
assert_command "AUTH EXTERNAL ="
assert_message_count 1

# No user: no AUTH at all, whatever auth says.
write_config "auth = external" "tls_cert_file = \"$T/client.pem\""
run_postie alice@example.org
assert_exit 0
assert_message_count 2
[ "$(grep -c '^AUTH' "$SRVDIR/commands")" -eq 1 ] ||
    fail "AUTH without a user: $(grep '^AUTH' "$SRVDIR/commands")"
