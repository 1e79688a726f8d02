#!/bin/sh
# tls_verify = false accepts any certificate, and says so in -v output
# and in the log line.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/self.pem" --tls-key "$T/certs/self.key"
write_config "tls = starttls" "tls_verify = false" \
    "logfile = \"$T/postie.log\""
INPUT=$DATA/plain.eml
run_postie -v alice@example.org
assert_exit 0
assert_message_count 1
assert_stderr_contains "warning: the server certificate is not verified"
grep -q 'tls=on tls_version=1.3 tls_verify=off ' "$T/postie.log" ||
    fail "log line: $(cat "$T/postie.log")"
