#!/bin/sh
# tls = starttls against aiosmtpd with a certificate from the test CA:
# EHLO, STARTTLS, EHLO again, then the message, byte-exact, over TLS 1.3;
# the log line says tls=on with the version.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key"
write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    "logfile = \"$T/postie.log\""
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
[ "$(cat "$SRVDIR/1.tls")" = TLSv1.3 ] ||
    fail "message not received over TLS 1.3: $(cat "$SRVDIR/1.tls")"
[ "$(grep -c '^EHLO ' "$SRVDIR/commands")" -eq 2 ] ||
    fail "EHLO was not said again after STARTTLS"
assert_command "STARTTLS"
grep -q 'tls=on tls_version=1.3 ' "$T/postie.log" ||
    fail "log line: $(cat "$T/postie.log")"

# The host name, not only the address, is checked: localhost matches.
write_config "host = \"localhost\"" "tls = starttls" \
    "tls_ca_file = \"$T/certs/ca.pem\""
run_postie alice@example.org
assert_exit 0
