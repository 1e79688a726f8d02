#!/bin/sh
# auth = external: the client certificate is the login, so no user is
# needed; the AUTH line carries the empty authorization identity "=".
. "$TESTS_SRCDIR/lib.sh"

faultd_with "ehlo 250-faultd.test|250-AUTH EXTERNAL|250 PIPELINING" \
    "reply AUTH 235 2.7.0 ok"
: >"$T/client.pem"
write_config "auth = external" "tls_cert_file = \"$T/client.pem\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
assert_command "AUTH EXTERNAL ="
assert_message_count 1
