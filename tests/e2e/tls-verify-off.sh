#!/bin/sh
# tls_verify = false accepts any certificate, and says so in -v output.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/self.pem" --tls-key "$T/certs/self.key"
write_config "tls = starttls" "tls_verify = false"
INPUT=$DATA/plain.eml
run_postie -v alice@example.org
assert_exit 0
assert_message_count 1
assert_stderr_contains "warning: the server certificate is not verified"
