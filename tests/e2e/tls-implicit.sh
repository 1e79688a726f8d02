#!/bin/sh
# tls = tls: TLS from the first byte (no STARTTLS), byte-exact delivery;
# TLS 1.2 with a server that has nothing newer; tls_min_version above
# what the server can do fails the handshake, and nothing is delivered.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --implicit-tls --tls-cert "$T/certs/good.pem" \
    --tls-key "$T/certs/good.key"
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
assert_no_command "^STARTTLS"
[ "$(cat "$SRVDIR/1.tls")" = TLSv1.3 ] || fail "not TLS 1.3"

start_smtpd --implicit-tls --tls-max 1.2 --tls-cert "$T/certs/good.pem" \
    --tls-key "$T/certs/good.key"
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\""
run_postie alice@example.org
assert_exit 0
[ "$(cat "$SRVDIR/1.tls")" = TLSv1.2 ] || fail "not TLS 1.2"

write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'tls_min_version = "1.3"'
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: TLS handshake failed"
assert_message_count 1

# tls_priorities: a GnuTLS priority string; a broken one is a config error.
start_smtpd --implicit-tls --tls-cert "$T/certs/good.pem" \
    --tls-key "$T/certs/good.key"
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'tls_priorities = "NORMAL:-VERS-TLS1.3"'
run_postie alice@example.org
assert_exit 0
[ "$(cat "$SRVDIR/1.tls")" = TLSv1.2 ] || fail "priorities not applied"
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'tls_priorities = "NORMAL:+NO-SUCH-THING"'
run_postie alice@example.org
assert_exit 78
assert_stderr_contains "tls_priorities:"
