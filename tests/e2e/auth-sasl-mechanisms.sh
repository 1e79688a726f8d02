#!/bin/sh
# SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, XOAUTH2 and OAUTHBEARER against
# the fault server computing the real server side (on loopback, where
# credentials may go without TLS). auto picks SCRAM-SHA-256; a wrong
# password is 77; a server whose SCRAM signature is wrong is refused
# before any mail is sent.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
mechs=SCRAM-SHA-256,SCRAM-SHA-1,CRAM-MD5,PLAIN,LOGIN,XOAUTH2,OAUTHBEARER

# try AUTH-VALUE PASSWORD WANT-EXIT WANT-AUTH-LINE
try()
{
	faultd_with "auth $mechs alice s3cret"
	write_config 'user = "alice"' "password = \"$2\"" "auth = $1"
	run_postie alice@example.org
	assert_exit "$3"
	[ "$(tail -n 1 "$SRVDIR/auth")" = "$4" ] ||
	    fail "auth = $1: server saw \"$(tail -n 1 "$SRVDIR/auth")\", want \"$4\""
}

try auto s3cret 0 "SCRAM-SHA-256 alice ok"
assert_message_count 1
try scram-sha-1 s3cret 0 "SCRAM-SHA-1 alice ok"
try cram-md5 s3cret 0 "CRAM-MD5 alice ok"
try xoauth2 s3cret 0 "XOAUTH2 alice ok"
try oauthbearer s3cret 0 "OAUTHBEARER alice ok"
try scram-sha-256 wrong 77 "SCRAM-SHA-256 alice fail"
assert_no_command "^MAIL"
try cram-md5 wrong 77 "CRAM-MD5 alice fail"
try oauthbearer wrong 77 "OAUTHBEARER alice fail"

faultd_with "auth $mechs alice s3cret" "auth-bad-signature"
write_config 'user = "alice"' 'password = "s3cret"' "auth = scram-sha-256"
run_postie alice@example.org
assert_exit 77
assert_stderr_contains "signature"
assert_no_command "^MAIL"
