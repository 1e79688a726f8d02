#!/bin/sh
# Verification is on by default: an unknown issuer (self-signed, or the
# system trust store not knowing our CA), a wrong host name and an
# expired certificate each fail with exit 75 and the reason in words, and
# the server never sees MAIL FROM.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
INPUT=$DATA/plain.eml

# try CERT CONFIG-LINE REASON
try()
{
	start_smtpd --tls-cert "$T/certs/$1.pem" --tls-key "$T/certs/$1.key"
	write_config "tls = starttls" "$2"
	run_postie alice@example.org
	assert_exit 75
	assert_stderr_contains "127.0.0.1:$PORT: server certificate not accepted: "
	assert_stderr_contains "$3"
	assert_no_command "^MAIL"
	assert_no_message
}

try self "tls_ca_file = \"$T/certs/ca.pem\"" "issuer is unknown"
try good "# system trust store" "issuer is unknown"
try wronghost "tls_ca_file = \"$T/certs/ca.pem\"" "name in the certificate does not match"
try expired "tls_ca_file = \"$T/certs/ca.pem\"" "expired"
