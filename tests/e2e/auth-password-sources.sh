#!/bin/sh
# Where the password comes from: password_command (first line of its
# output; a failure or no output is a config error that passes the
# command's own stderr through, a hang a temporary failure) and
# ~/.netrc.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key" \
    --auth alice:s3cret
INPUT=$DATA/plain.eml
base="tls = starttls|tls_ca_file = \"$T/certs/ca.pem\"|user = \"alice\""

conf()
{
	_old=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	write_config $base "$@"
	IFS=$_old
}

conf "password_command = \"printf 's3cret\\\\nnot this'\""
run_postie alice@example.org
assert_exit 0
[ "$(tail -n 1 "$SRVDIR/auth")" = "PLAIN alice ok" ] || fail "password_command"

conf "password_command = \"echo vault is locked >&2; exit 3\""
run_postie alice@example.org
assert_exit 78
assert_stderr_contains "vault is locked"
assert_stderr_contains "password_command failed (exit status 3)"

conf "password_command = \"true\""
run_postie alice@example.org
assert_exit 78
assert_stderr_contains "password_command printed nothing"

# Too slow (a keyring waiting to be unlocked): temporary, the message
# kept; queued when there is a queue.
conf "password_command = \"sleep 20\"" "timeout = 2"
run_postie alice@example.org
assert_exit 75
assert_elapsed_le 4
assert_stderr_contains "password_command did not finish within 2 s"
assert_stderr_contains "message saved in $T/dead.letter"
conf "password_command = \"sleep 20\"" "timeout = 2" \
    "queue_dir = \"$T/queue\""
run_postie alice@example.org
assert_exit 0
assert_queued 1

printf 'machine 127.0.0.1\n  login alice\n  password s3cret\n' >"$T/.netrc"
chmod 600 "$T/.netrc"
conf
run_postie alice@example.org
assert_exit 0
[ "$(tail -n 1 "$SRVDIR/auth")" = "PLAIN alice ok" ] || fail "netrc"
rm -f "$T/.netrc"
run_postie alice@example.org
assert_exit 78
assert_stderr_contains "no password for alice"
