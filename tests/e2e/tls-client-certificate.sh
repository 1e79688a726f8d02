#!/bin/sh
# tls_cert_file / tls_key_file: the client certificate reaches the server.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key" \
    --client-ca "$T/certs/ca.pem"
write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    "tls_cert_file = \"$T/certs/client.pem\"" \
    "tls_key_file = \"$T/certs/client.key\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
[ "$(cat "$SRVDIR/1.tlspeer" 2>/dev/null)" = postie-client ] ||
    fail "the server saw no client certificate"

write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    "tls_cert_file = \"$T/certs/missing.pem\""
run_postie alice@example.org
assert_exit 78
assert_stderr_contains "cannot load the client certificate $T/certs/missing.pem"
