#!/bin/sh
# The home directory, where the user's configuration is looked for, is
# $HOME only when that directory belongs to the real user, else the
# passwd entry's (cron runs jobs as the user with HOME=/root). -bv reads
# the configuration and sends nothing, so no run here can send mail.
. "$TESTS_SRCDIR/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root to make a directory owned by another user"
nobody_uid=$(id -u nobody 2>/dev/null) || skip "no user nobody"
nobody_gid=$(id -g nobody)
root_home=$(getent passwd 0 | cut -d: -f6)
[ -n "$root_home" ] || skip "no passwd home for root"

start_smtpd
# home_config DIR NAME: a user configuration in DIR whose sender is NAME.
home_config()
{
	mkdir -p "$1/.config/postie" || hard_error "mkdir $1"
	printf '%s\n' 'host = "127.0.0.1"' "port = $PORT" 'tls = none' \
	    'syslog = false' 'domain = "test.example"' "from = \"$2@example.org\"" \
	    >"$1/.config/postie/postie.conf"
	cp "$1/.config/postie/postie.conf" "$1/.postierc"
}

# $HOME that belongs to the real user is used.
home_config "$T/own" own-home
run_cmd env HOME="$T/own" "$POSTIE" -bv alice@example.org
assert_exit 0
assert_stdout_contains "sender: <own-home@example.org>"

# $HOME that belongs to someone else is not: the passwd home is.
home_config "$T/foreign" foreign-home
chown -R "$nobody_uid:$nobody_gid" "$T/foreign" || hard_error "chown"
run_cmd env HOME="$T/foreign" "$POSTIE" -bv alice@example.org
! grep -q foreign-home "$T/stdout" || fail "the configuration in a foreign \$HOME was used"
assert_stderr_not_contains "$T/foreign"
if [ "$RC" -ne 0 ]; then
	assert_exit 78
	assert_stderr_contains "$root_home/.config/postie/postie.conf"
	assert_stderr_contains "$root_home/.postierc"
fi

# The same for another user: nobody, with root's directory as $HOME.
chmod 711 "$T" || hard_error "chmod $T"
chmod 755 "$T/own" "$T/own/.config" "$T/own/.config/postie"
chmod 644 "$T/own/.postierc" "$T/own/.config/postie/postie.conf"
as_nobody="setpriv --reuid=$nobody_uid --regid=$nobody_gid --clear-groups"
command -v setpriv >/dev/null 2>&1 && $as_nobody "$POSTIE" --version >/dev/null 2>&1 ||
    exit 0
nobody_home=$(getent passwd "$nobody_uid" | cut -d: -f6)
run_cmd $as_nobody env HOME="$T/own" "$POSTIE" -bv alice@example.org
! grep -q own-home "$T/stdout" || fail "nobody used root's configuration"
assert_stderr_not_contains "$T/own"
if [ "$RC" -ne 0 ]; then
	assert_exit 78
	assert_stderr_contains "$nobody_home/.postierc"
fi
