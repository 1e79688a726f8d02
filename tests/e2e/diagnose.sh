#!/bin/sh
# --diagnose HOST probes submission (STARTTLS), submissions (TLS) and
# smtp (plain and STARTTLS) side by side and prints what works, with an
# account block for the best; here: 587 works with a verified
# certificate, 465 has a bad certificate, 25 does not answer. Then every
# port refusing: exit 69. No configuration file is needed.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key" \
    --auth alice:pw
sub=$PORT
start_smtpd --implicit-tls --tls-cert "$T/certs/self.pem" \
    --tls-key "$T/certs/self.key"
subs=$PORT
faultd_with "stall GREETING 30"
smtp=$PORT
write_config "tls_ca_file = \"$T/certs/ca.pem\"" "timeout = 2"
INPUT=/dev/null
POSTIE_DIAGNOSE_PORTS="$sub,$subs,$smtp"
export POSTIE_DIAGNOSE_PORTS
run_postie --diagnose 127.0.0.1
assert_exit 0
assert_elapsed_le 5
for want in "port $sub, STARTTLS: works" "TLS:         1.3, certificate verified" \
    "AUTH:        LOGIN PLAIN" "port $subs, TLS: works" "issuer is unknown" \
    "port $smtp, plain: timed out" "port = $sub" "tls  = starttls"; do
	assert_stdout_contains "$want"
done

p=$(free_port)
POSTIE_DIAGNOSE_PORTS="$p,$p,$p"
run_cmd "$POSTIE" --diagnose 127.0.0.1
assert_exit 69
assert_stdout_contains "port $p, TLS: refused"
assert_stderr_contains "127.0.0.1: no port works for mail submission"

POSTIE_DIAGNOSE_PORTS="$p,$p"
run_cmd "$POSTIE" --diagnose 127.0.0.1
assert_exit 64
assert_stderr_contains "POSTIE_DIAGNOSE_PORTS must be three ports"
