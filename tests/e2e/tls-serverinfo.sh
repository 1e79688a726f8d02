#!/bin/sh
# --serverinfo prints the greeting, the extensions before and after
# STARTTLS, the TLS version and cipher, the certificate and the
# verification result, and sends no mail.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key"
write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\""
INPUT=/dev/null
run_postie --serverinfo
assert_exit 0
fp=$(cert_fingerprint "$T/certs/good.pem")
for want in "greeting:      220 smtpd.test" "    250-STARTTLS" \
    "extensions after STARTTLS:" "tls version:   TLS 1.3" "cipher:" \
    "subject:       CN=localhost" "issuer:        CN=postie test CA" \
    "valid until:" "fingerprint:   $fp" \
    "verification:  trusted, host name matches"; do
	assert_stdout_contains "$want"
done
assert_no_command "^MAIL"

# A certificate that does not verify is shown and reported, not fatal.
write_config "tls = starttls"
run_postie --serverinfo
assert_exit 0
assert_stdout_contains "verification:  The certificate is NOT trusted"
