#!/bin/sh
# postie installed set-group-ID (for a group queue) reads what its group
# may read. A configuration the caller chooses gets none of that: an
# include() of a file only the group may read fails as it would for the
# caller (so an account of the caller's cannot inherit the system
# password and send it to the caller's server), and so do aliases.
. "$TESTS_SRCDIR/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to make a set-group-ID copy"
command -v setpriv >/dev/null 2>&1 || skip "no setpriv"
nobody_uid=$(id -u nobody 2>/dev/null) || skip "no user nobody"
as_nobody="setpriv --reuid=$nobody_uid --regid=$(id -g nobody) --clear-groups"

chmod 711 "$T" || hard_error "chmod $T"
mkdir "$T/bin" && cp "$POSTIE" "$T/bin/postie" && cp /usr/bin/id "$T/bin/id" &&
    chgrp root "$T/bin/postie" "$T/bin/id" &&
    chmod 2755 "$T/bin/postie" "$T/bin/id" || hard_error "set-group-ID copies"
# A file system mounted nosuid ignores the bit: nothing to test then.
$as_nobody "$T/bin/id" | grep -q 'egid=0(' ||
    skip "set-group-ID has no effect here: $($as_nobody "$T/bin/id")"

# The system's account: its file readable by root and the group only.
faultd_with "auth PLAIN sys SYSTEMSECRET"
cat >"$T/system.conf" <<EOF
account sys {
  host = "127.0.0.1"
  port = $PORT
  tls = none
  user = "sys"
  password = "SYSTEMSECRET"
}
EOF
printf 'alice: the-secret-alias@example.org\n' >"$T/aliases"
chmod 640 "$T/system.conf" "$T/aliases" || hard_error "chmod"

# The caller's configuration takes it in and uses its account.
cat >"$T/user.conf" <<EOF
include("$T/system.conf")
default_account = "sys"
syslog = false
domain = "test.example"
EOF
chmod 644 "$T/user.conf"
INPUT=$DATA/plain.eml
run_cmd $as_nobody "$T/bin/postie" -C "$T/user.conf" bob@example.org
assert_exit 78
assert_stderr_contains "$T/system.conf"
assert_stderr_contains "Permission denied"
assert_no_command '^AUTH'
assert_no_message

# The same through $POSTIE_CONFIG.
run_cmd env POSTIE_CONFIG="$T/user.conf" $as_nobody "$T/bin/postie" \
    bob@example.org
assert_exit 78
assert_stderr_contains "Permission denied"
assert_no_command '^AUTH'

# Aliases only the group may read are not read for the caller.
cat >"$T/user2.conf" <<EOF
account mine {
  host = "127.0.0.1"
  port = $PORT
  tls = none
}
default_account = "mine"
aliases = "$T/aliases"
syslog = false
domain = "test.example"
EOF
chmod 644 "$T/user2.conf"
run_cmd $as_nobody "$T/bin/postie" -C "$T/user2.conf" alice
[ "$RC" -ne 0 ] || fail "sent with aliases the caller may not read"
assert_stderr_contains "Permission denied"
assert_stderr_not_contains "the-secret-alias"
assert_no_command 'the-secret-alias'
