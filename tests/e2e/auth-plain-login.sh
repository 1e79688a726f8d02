#!/bin/sh
# AUTH over STARTTLS against aiosmtpd's authenticator: PLAIN and LOGIN by
# name, auto picking the strongest offered (PLAIN over LOGIN here), a
# wrong password refused with 77 and the server's reply, nothing sent.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key" \
    --auth alice:s3cret
INPUT=$DATA/plain.eml

# send AUTH-LINE WANT-AUTH-FILE-LINE
send()
{
	write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
	    'user = "alice"' 'password = "s3cret"' "$1"
	run_postie alice@example.org
	assert_exit 0
	[ "$(tail -n 1 "$SRVDIR/auth")" = "$2" ] ||
	    fail "server saw: $(tail -n 1 "$SRVDIR/auth"), want $2"
}

send "auth = plain" "PLAIN alice ok"
send "auth = login" "LOGIN alice ok"
send "auth = auto" "PLAIN alice ok"
assert_message_count 3

write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'user = "alice"' 'password = "wrong"'
run_postie alice@example.org
assert_exit 77
assert_stderr_contains "127.0.0.1:$PORT: authentication (PLAIN) failed: 535"
assert_message_count 3

# No user: no AUTH at all, whatever auth says.
write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    "auth = plain"
run_postie alice@example.org
assert_exit 0
[ "$(wc -l <"$SRVDIR/auth")" -eq 4 ] || fail "AUTH was attempted without a user"

# A mechanism the server does not offer: 77, naming what it offers.
write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'user = "alice"' 'password = "s3cret"' "auth = cram-md5"
run_postie alice@example.org
assert_exit 77
assert_stderr_contains "LOGIN PLAIN"
