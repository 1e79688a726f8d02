#!/bin/sh
# A TLS session that ends in the middle of a reply, with close_notify or
# cut without it: a reply line cut short is a protocol error (76), a
# multi-line reply that stops after a whole line is a dropped connection
# (75); either way at once, with one clear line, and nothing delivered.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
INPUT=$DATA/plain.eml
TLS="tls $T/certs/good.pem $T/certs/good.key"

# tls_run SCRIPT-LINE...: faultd with TLS from the first byte.
tls_run()
{
	faultd_with "$TLS" "$@"
	write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\""
	run_postie alice@example.org
	assert_elapsed_le 3
}

tls_run
assert_exit 0
assert_message_count 1

tls_run 'raw EHLO 250-faultd.test\r\n250-PIPEL' 'close EHLO'
assert_exit 76
assert_stderr_contains "$PORT: malformed reply to EHLO: line not ended by CRLF"
assert_no_message

tls_run 'raw EHLO 250-faultd.test\r\n250-PIPEL' 'abort EHLO'
assert_exit 76
assert_stderr_contains "$PORT: malformed reply to EHLO: line not ended by CRLF"

tls_run 'raw EHLO 250-faultd.test\r\n' 'close EHLO'
assert_exit 75
assert_stderr_contains \
    "$PORT: connection closed by the server while waiting for the reply to EHLO"

tls_run 'raw MAIL 250 2.1' 'abort MAIL'
assert_exit 76
assert_stderr_contains \
    "$PORT: malformed reply to MAIL FROM: line not ended by CRLF"
assert_no_message
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "more than one line on stderr"
