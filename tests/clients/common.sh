# Helpers for the real-client tests, sourced after tests/lib.sh:
#	. "$TESTS_SRCDIR/lib.sh"
#	. "$TESTS_SRCDIR/clients/common.sh"
# Each test runs a real Debian program that calls sendmail, points it at
# $SENDMAIL (a wrapper that records the arguments it was given and runs
# postie with the test's configuration), and checks what the recording
# SMTP server got. Nothing outside the test's own directory changes: a
# caller without a sendmail setting of its own runs in a private mount
# namespace where the wrapper is mounted over /usr/sbin/sendmail.
#
# need PROGRAM PACKAGE: skip unless PROGRAM is installed.
# client_setup [CONFIG LINE...]: write_config, then the wrapper $SENDMAIL;
#	again after starting another server, to send to that one.
# run_client PROGRAM ARGS...: as run_cmd (stdin from $INPUT).
# sendmail_ns [system]: sets NSRUN; "$NSRUN" PROGRAM ARGS... runs PROGRAM
#	where the wrapper is /usr/sbin/sendmail and /usr/lib/sendmail. With
#	"system", that wrapper passes no -C: $CONF is mounted as postie's
#	system-wide configuration file instead, so postie finds it the way
#	it does when a daemon calls it.
# assert_argv ARGS [N]: the Nth call (1) of the wrapper had these
#	arguments, each written as [ARG], e.g. "[-t][-i]".
# assert_wrapper_exit STATUS [N]: postie's exit status in call N.
# assert_message [N] [check_msg.py options]: message N is well formed:
#	From, Date, Message-ID present once and qualified, no Bcc, CRLF.
# wait_message N: waits up to 10 s for message N (callers that do not
#	wait for sendmail).

CLIENTS=$TESTS_SRCDIR/clients
SENDMAIL=
NSRUN=

need()
{
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (Debian package $2)"
}

# _wrapper FILE [POSTIE OPTIONS]: a sendmail that records its arguments
# and postie's exit status in $T/calls and $T/calls.rc.
_wrapper()
{
	_w=$1
	shift
	cat >"$_w" <<EOF || hard_error "cannot write $_w"
#!/bin/sh
# Records how it was called, then runs postie.
{ for a in "\$@"; do printf '[%s]' "\$a"; done; echo; } >>"$T/calls"
"$T/bin/postie" $* "\$@"
rc=\$?
echo "\$rc" >>"$T/calls.rc"
exit "\$rc"
EOF
	chmod 755 "$_w" || hard_error "chmod failed"
}

client_setup()
{
	write_config "$@"
	# The wrappers and the configuration must be readable by the
	# unprivileged users some callers run as (cron's job user, sudo's
	# invoking user); the configuration holds no secret.
	chmod 755 "$T" && chmod 644 "$CONF" || hard_error "chmod failed"
	mkdir -p "$T/bin" && cp "$POSTIE" "$T/bin/postie" ||
	    hard_error "cannot copy postie"
	SENDMAIL=$T/bin/sendmail
	_wrapper "$SENDMAIL" -C "$CONF"
	_wrapper "$T/bin/sendmail-system"
	[ -f "$T/calls" ] && return 0
	: >"$T/calls" && : >"$T/calls.rc" && chmod 666 "$T/calls" "$T/calls.rc" ||
	    hard_error "cannot create $T/calls"
}

# run_client PROGRAM ARGS...: run_cmd, but with the PATH and UTF-8 locale
# a user would have (clients look for helpers on PATH).
run_client()
{
	run_cmd env PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
	    LC_ALL=C.UTF-8 "$@"
}

# The system-wide configuration file: the last one postie tries when it
# finds none, else the one it found.
_system_config()
{
	env -u POSTIE_CONFIG -u XDG_CONFIG_HOME HOME=/nonexistent \
	    "$T/bin/postie" --pretend root </dev/null 2>&1 |
	    sed -n -e 's/.*no configuration file found (tried .*, \([^,]*\))$/\1/p' \
	    -e 's/^# configuration file: //p' | head -n 1
}

# Each "TARGET SOURCE" pair becomes a mount: a bind mount when TARGET
# exists, else a read-only overlay that adds SOURCE's directory's files
# to TARGET's directory.
sendmail_ns()
{
	[ "$(id -u)" -eq 0 ] || skip "mount namespaces need root here"
	command -v unshare >/dev/null 2>&1 || skip "unshare is not installed"
	unshare -m true 2>/dev/null || skip "unshare -m is not permitted here"
	_src=$SENDMAIL
	_mounts=
	if [ "${1:-}" = system ]; then
		_src=$T/bin/sendmail-system
		_sys=$(_system_config)
		[ -n "$_sys" ] || hard_error "cannot tell postie's system configuration file"
		[ -d "$(dirname "$_sys")" ] ||
		    skip "$(dirname "$_sys") does not exist: nowhere to mount the configuration"
		mkdir -p "$T/ns/conf" && cp "$CONF" "$T/ns/conf/$(basename "$_sys")" ||
		    hard_error "cannot copy $CONF"
		_mounts="$_sys $T/ns/conf/$(basename "$_sys")"
	fi
	mkdir -p "$T/ns/sbin" "$T/ns/lib" && cp "$_src" "$T/ns/sbin/sendmail" &&
	    cp "$_src" "$T/ns/lib/sendmail" || hard_error "cannot copy the wrapper"
	_mounts="$_mounts /usr/sbin/sendmail $T/ns/sbin/sendmail"
	_mounts="$_mounts /usr/lib/sendmail $T/ns/lib/sendmail"
	NSRUN=$T/ns/run
	cat >"$NSRUN" <<EOF || hard_error "cannot write $NSRUN"
#!/bin/sh
# Runs its arguments in a new mount namespace with these mounts:
# $_mounts
exec unshare -m --propagation private sh -c '
set -- $_mounts -- "\$@"
while [ "\$1" != -- ]; do
	if [ -e "\$1" ]; then
		mount --bind "\$2" "\$1" || exit 99
	else
		mount -t overlay overlay \\
		    -o "lowerdir=\$(dirname "\$2"):\$(dirname "\$1")" \\
		    "\$(dirname "\$1")" || exit 99
	fi
	shift 2
done
shift
exec "\$@"' sh "\$@"
EOF
	chmod 755 "$NSRUN" || hard_error "chmod failed"
}

# as_user USER [VAR=VALUE...] PROGRAM ARGS...: the words that run
# PROGRAM as USER (real and effective ids, its groups) with only these
# environment variables, for run_client: run_client $(as_user ...) ...
# would split words, so it sets AS_USER for: run_client "$NSRUN" \
#	setpriv $AS_USER env -i VAR=VALUE... PROGRAM ARGS...
as_user()
{
	[ "$(id -u)" -eq 0 ] || skip "running as $1 needs root"
	command -v setpriv >/dev/null 2>&1 || skip "setpriv is not installed"
	id "$1" >/dev/null 2>&1 || skip "there is no user $1"
	AS_USER="--reuid=$(id -u "$1") --regid=$(id -g "$1") --init-groups"
}

assert_argv()
{
	_got=$(sed -n "${2:-1}p" "$T/calls")
	[ "$_got" = "$1" ] || fail "sendmail call ${2:-1} had arguments $_got, expected $1"
}

assert_wrapper_exit()
{
	_got=$(sed -n "${2:-1}p" "$T/calls.rc")
	[ "$_got" = "$1" ] || fail "postie exited $_got in call ${2:-1}, expected $1"
}

assert_calls()
{
	_n=$(wc -l <"$T/calls")
	[ "$_n" -eq "$1" ] || fail "sendmail was called $_n times, expected $1"
}

assert_message()
{
	_n=${1:-1}
	[ $# -gt 0 ] && shift
	[ -f "$SRVDIR/$_n.data" ] || fail "no message $_n received"
	"$PYTHON3" "$CLIENTS/check_msg.py" "$SRVDIR/$_n.data" "$@" \
	    >"$T/check.$_n" 2>&1 || { cat "$T/check.$_n"; fail "message $_n is wrong"; }
}

wait_message()
{
	_i=0
	while [ ! -f "$SRVDIR/$1.data" ]; do
		[ $_i -lt 100 ] || fail "message $1 did not arrive in 10 s"
		sleep 0.1
		_i=$((_i + 1))
	done
	# N.data is written before the reply; the wrapper then records the
	# exit status.
	_i=0
	while [ "$(wc -l <"$T/calls.rc")" -lt "$1" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
