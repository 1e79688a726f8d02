#!/bin/sh
# The password never shows: not in -v, not in the -X transcript, not in
# the log, not on stderr when authentication fails, not in --pretend.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

secret=Zq7-very-secret-9
b64=$(printf '\0alice\0%s' "$secret" | base64 | tr -d '\n')
make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key" \
    --auth "alice:$secret"
INPUT=$DATA/plain.eml

check()
{
	for f in "$T/stderr" "$T/stdout" "$T/x.log" "$T/postie.log"; do
		[ -e "$f" ] || continue
		if grep -F -e "$secret" -e "$b64" "$f" >/dev/null; then
			fail "the secret appears in $(basename "$f")"
		fi
	done
}

for mech in plain login; do
	write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
	    'user = "alice"' "password = \"$secret\"" "auth = $mech" \
	    "logfile = \"$T/postie.log\""
	run_postie -v -X "$T/x.log" alice@example.org
	assert_exit 0
	assert_stderr_contains "--> AUTH "
	check
done
grep -F -- "--> AUTH PLAIN ***" "$T/x.log" >/dev/null ||
    fail "AUTH PLAIN line not masked in the transcript"

write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\"" \
    'user = "alice"' "password = \"$secret-no\"" \
    "logfile = \"$T/postie.log\""
run_postie -v -X "$T/x.log" alice@example.org
assert_exit 77
check

run_postie --pretend alice@example.org
assert_exit 0
assert_stdout_contains 'password         = "********"'
check
