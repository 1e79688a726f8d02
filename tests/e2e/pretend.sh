#!/bin/sh
# --pretend prints the resolved account, every key with where its value
# comes from (file:line, inherited, top level, default), the password
# masked, then the envelope; it sends nothing.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
CONF=$T/postie.conf
cat >"$CONF" <<CONFEOF
syslog = false
domain = "test.example"
host = "127.0.0.1"
tls = none
user = "top-user"
account base {
  port = $PORT
  from = "base@example.org"
  password = "s3cret-base"
}
account child {
  inherit = "base"
  from_match = {"*@child.example"}
  password = "s3cret-child"
  set_from_header = true
}
CONFEOF
chmod 600 "$CONF"
INPUT=$DATA/plain.eml
run_postie --pretend -f joe@child.example alice@example.org
assert_exit 0
! grep -q s3cret "$T/stdout" "$T/stderr" || fail "a password was shown"

# key_line KEY VALUE ORIGIN: the account block prints "KEY = VALUE # ORIGIN".
key_line()
{
	grep -E "^ +$1 += $2[[:space:]]+# $3\$" "$T/stdout" >/dev/null ||
	    fail "no line \"$1 = $2 # $3\""
}
assert_stdout_contains "# configuration file: $CONF"
assert_stdout_contains "account child {"
key_line password '"\*{8}"' "$CONF:14"
key_line set_from_header true "$CONF:15"
key_line from_match '\{"\*@child\.example"\}' "$CONF:13"
key_line port "$PORT" "inherited from base \\($CONF:7\\)"
key_line from '"base@example\.org"' "inherited from base \\($CONF:8\\)"
key_line host '"127\.0\.0\.1"' "top level \\($CONF:3\\)"
key_line user '"top-user"' "top level \\($CONF:5\\)"
key_line tls none "top level \\($CONF:4\\)"
key_line tls_verify true default
key_line auth auto default
for k in host port tls tls_verify tls_ca_file tls_fingerprint tls_cert_file \
    tls_key_file tls_priorities tls_min_version auth user password \
    password_command from from_match set_from_header fallback protocol \
    dsn_notify dsn_return source_ip; do
	grep -E "^ +$k += .*# [^ ]" "$T/stdout" >/dev/null ||
	    fail "key $k is not shown with its origin"
done
assert_stdout_contains "sender: <joe@child.example>"
assert_stdout_contains "recipient: <alice@example.org>"

run_postie --pretend -a base alice@example.org
assert_exit 0
assert_stdout_contains "account base {"
key_line password '"\*{8}"' "$CONF:9"
! grep -q s3cret "$T/stdout" "$T/stderr" || fail "a password was shown"

sleep 0.2
[ ! -s "$SRVDIR/transcript" ] || fail "--pretend connected to the server"
