#!/bin/sh
# tls = starttls never falls back to plaintext: when STARTTLS is not
# offered, or is answered 454 (or 5xx), postie stops, and after its EHLO
# (and STARTTLS) the server receives nothing at all.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml

faultd_with "pipelining on"
write_config "tls = starttls"
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$PORT: the server does not offer STARTTLS"
[ "$(cat "$SRVDIR/commands")" = "EHLO test.example" ] ||
    fail "sent after EHLO: $(cat "$SRVDIR/commands")"

faultd_with "ehlo 250-faultd.test|250-STARTTLS|250 PIPELINING" \
    "reply STARTTLS 454 4.7.0 TLS not available"
write_config "tls = starttls"
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "STARTTLS rejected: 454 4.7.0 TLS not available"
[ "$(tr '\n' ' ' <"$SRVDIR/commands")" = "EHLO test.example STARTTLS " ] ||
    fail "sent after STARTTLS: $(cat "$SRVDIR/commands")"

faultd_with "ehlo 250-faultd.test|250-STARTTLS|250 PIPELINING" \
    "reply STARTTLS 554 5.7.0 no"
write_config "tls = starttls"
run_postie alice@example.org
assert_exit 69
assert_no_command "^MAIL"

# A reply to STARTTLS with more bytes behind it could be an injection of
# plaintext commands: a protocol error, no handshake.
faultd_with "ehlo 250-faultd.test|250-STARTTLS|250 PIPELINING" \
    'raw STARTTLS 220 go ahead\r\n250 injected\r\n'
write_config "tls = starttls"
run_postie alice@example.org
assert_exit 76
assert_stderr_contains "data after the reply to STARTTLS"
