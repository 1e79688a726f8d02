#!/bin/sh
# tls_fingerprint pins the server certificate and replaces the CA checks
# (a self-signed certificate is then fine); a mismatch fails and prints
# the fingerprint seen.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
fp=$(cert_fingerprint "$T/certs/self.pem")
[ -n "$fp" ] || hard_error "no fingerprint for self.pem"
start_smtpd --tls-cert "$T/certs/self.pem" --tls-key "$T/certs/self.key"
INPUT=$DATA/plain.eml

write_config "tls = starttls" "tls_fingerprint = \"$fp\""
run_postie alice@example.org
assert_exit 0
assert_message_count 1

good=$(cert_fingerprint "$T/certs/good.pem")
write_config "tls = starttls" "tls_fingerprint = \"$good\""
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "server certificate does not match tls_fingerprint; it is $fp"
assert_message_count 1
