# Shared helpers for postie's end-to-end tests, sourced by every test:
#	. "$TESTS_SRCDIR/lib.sh"
# Each test gets its own temporary directory ($T), starts its own servers
# on port 0, and exits 0 (pass), 1 (fail), 77 (skip) or 99 (hard error).
# An EXIT trap stops every server the test started and removes $T; a
# watchdog ends a test that runs longer than $WATCHDOG seconds.
#
# Servers: start_smtpd [smtpd.py options], start_faultd SCRIPT,
# faultd_with DIRECTIVE...; each sets PORT and SRVDIR (its output files:
# see smtpd.py). free_port gives a port nobody listens on.
# Running: write_config [LINE...] makes $CONF; run_postie ARGS runs
# "$POSTIE" -C "$CONF" ARGS with stdin from $INPUT, run_cmd PROGRAM ARGS
# any program the same way; both set RC, ELAPSED, $T/stdout, $T/stderr.
# Checking: to_crlf builds expected bytes; assert_* and fail print the
# context (command, stderr, server transcripts) when something is wrong.
#
# Reports of an instrumented postie (ASan, UBSan, LeakSanitizer) go to
# files in $REPORTS, by log_path added to ASAN_OPTIONS and UBSAN_OPTIONS;
# so do valgrind's when $VALGRIND names it (VALGRIND=valgrind: run_postie
# then runs postie under it). Any report fails the test after the run
# that made it, or at its end for a postie started otherwise: whatever
# exit status the test expected, and even with stderr closed. So does
# exit status 86 or 87, or a report on stderr, after run_cmd.

TEST_NAME=$(basename "$0" .sh)
WATCHDOG=${WATCHDOG:-60}		# whole test, seconds
RUN_TIMEOUT=${RUN_TIMEOUT:-45}		# one postie run, seconds
SERVER_LIFETIME=${SERVER_LIFETIME:-120}	# servers stop by themselves
LC_ALL=C
export LC_ALL

SERVER_PIDS=
CHILD=
WATCHDOG_PID=
NSERVERS=0
PORT=
SRVDIR=
CONF=
INPUT=/dev/null
RC=
ELAPSED=
LAST_CMD=

# --- outcomes ---------------------------------------------------------

skip()
{
	echo "SKIP: $TEST_NAME: $*"
	exit 77
}

hard_error()
{
	echo "ERROR: $TEST_NAME: $*"
	exit 99
}

# Prints what a reader needs to understand a failure, then exits 1.
fail()
{
	echo "FAIL: $TEST_NAME: $*"
	if [ -n "$LAST_CMD" ]; then
		echo "--- command: $LAST_CMD"
		echo "--- exit status: $RC, elapsed: ${ELAPSED}s"
		echo "--- stderr:"
		head -c 4000 "$T/stderr" 2>/dev/null
		echo "--- stdout:"
		head -c 2000 "$T/stdout" 2>/dev/null
	fi
	for _d in "$T"/smtpd.* "$T"/faultd.*; do
		[ -d "$_d" ] || continue
		echo "--- server $(basename "$_d") transcript:"
		head -n 60 "$_d/transcript" 2>/dev/null
		if [ -s "$_d/server.err" ]; then
			echo "--- server $(basename "$_d") stderr:"
			head -n 30 "$_d/server.err"
		fi
	done
	exit 1
}

# --- set-up and clean-up ----------------------------------------------

[ -n "${POSTIE:-}" ] || hard_error "POSTIE is not set (run through make check)"
[ -n "${TESTS_SRCDIR:-}" ] || hard_error "TESTS_SRCDIR is not set"
[ -x "$POSTIE" ] || hard_error "$POSTIE is not an executable"
PYTHON3=${PYTHON3:-/usr/bin/python3}
command -v timeout >/dev/null 2>&1 || skip "the timeout command is missing"
[ -x "$PYTHON3" ] || skip "$PYTHON3 is missing"

DATA=$TESTS_SRCDIR/e2e/data
T=$(mktemp -d -t postie-e2e.XXXXXX) || hard_error "mktemp failed"

# Writable by anyone, for a postie a test runs as another user.
REPORTS=$T/reports
{ mkdir "$REPORTS" && chmod 1777 "$REPORTS"; } || hard_error "mkdir $REPORTS"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$REPORTS/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$REPORTS/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS
VALGRIND=${VALGRIND:-}

stop_pid()
{
	kill -TERM "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# _reports: prints every sanitizer or valgrind report written so far;
# false when there is none.
_reports()
{
	_found=1
	for _f in "$REPORTS"/*; do
		[ -s "$_f" ] || continue
		echo "--- report $(basename "$_f"):"
		head -n 60 "$_f"
		_found=0
	done
	return $_found
}

cleanup()
{
	_rc=$?
	trap - EXIT INT TERM HUP ALRM
	[ -n "$WATCHDOG_PID" ] && kill -TERM "$WATCHDOG_PID" 2>/dev/null
	[ -n "$CHILD" ] && stop_pid "$CHILD"
	for _p in $SERVER_PIDS; do
		stop_pid "$_p"
	done
	if _reports; then
		[ "$_rc" -eq 1 ] ||
		    echo "FAIL: $TEST_NAME: a sanitizer or valgrind report was written"
		_rc=1
	fi
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "kept $T"
	else
		rm -rf "$T"
	fi
	exit $_rc
}

trap cleanup EXIT
trap 'echo "interrupted"; exit 99' INT TERM HUP
trap 'fail "watchdog: still running after $WATCHDOG s"' ALRM

# The watchdog signals the test; blocking steps run in the background
# and are waited for, so the trap runs at once.
(
	trap 'kill "$_sp" 2>/dev/null; wait "$_sp"; exit 0' TERM
	sleep "$WATCHDOG" &
	_sp=$!
	wait "$_sp" && kill -ALRM $$ 2>/dev/null
) </dev/null >/dev/null 2>&1 &
WATCHDOG_PID=$!

# --- servers ----------------------------------------------------------

# _start_server NAME SCRIPT ARGS...: sets PORT and SRVDIR.
_start_server()
{
	NSERVERS=$((NSERVERS + 1))
	_dir=$T/$1.$NSERVERS
	_script=$2
	shift 2
	mkdir "$_dir" || hard_error "mkdir $_dir"
	"$PYTHON3" "$_script" --portfile "$_dir/port" --outdir "$_dir" \
	    --lifetime "$SERVER_LIFETIME" "$@" \
	    </dev/null >"$_dir/server.out" 2>"$_dir/server.err" &
	_pid=$!
	SERVER_PIDS="$SERVER_PIDS $_pid"
	_i=0
	while [ ! -s "$_dir/port" ]; do
		if ! kill -0 "$_pid" 2>/dev/null; then
			cat "$_dir/server.err"
			hard_error "$(basename "$_script") did not start"
		fi
		[ $_i -lt 100 ] || hard_error "$(basename "$_script") gave no port in 10 s"
		sleep 0.1
		_i=$((_i + 1))
	done
	PORT=$(cat "$_dir/port")
	SRVDIR=$_dir
}

# refused EXIT TEXT ARGS...: postie ARGS exits EXIT, says TEXT on stderr,
# and the server gets no MAIL. Cases are gathered in $bad (reported by
# the test at its end), so one run shows every case that went wrong.
refused()
{
	_ex=$1
	_text=$2
	shift 2
	_mails=$(grep -c '^MAIL' "$SRVDIR/commands")
	run_postie "$@"
	_why=
	[ "$RC" = "$_ex" ] || _why="exit status $RC, expected $_ex"
	grep -F -e "$_text" "$T/stderr" >/dev/null ||
	    _why="$_why${_why:+; }stderr lacks \"$_text\""
	[ "$(grep -c '^MAIL' "$SRVDIR/commands")" = "$_mails" ] ||
	    _why="$_why${_why:+; }the server got MAIL"
	if [ -n "$_why" ]; then
		_args=$(echo "$*" | tr '\r\n' '^~' | cut -c1-60)
		echo "--- $_args: $_why"
		echo "    stderr: $(cut -c1-200 "$T/stderr")"
		bad="$bad${bad:+, }$(echo "$_args" | cut -c1-40)"
	fi
}

# stop_servers: stops every server started so far (to restart one on
# the same port, e.g. with other options).
stop_servers()
{
	for _p in $SERVER_PIDS; do
		stop_pid "$_p"
	done
	SERVER_PIDS=
}

# start_smtpd [smtpd.py options]: a recording aiosmtpd server. Sets PORT,
# SRVDIR (also SMTPD_PORT, SMTPD_DIR).
start_smtpd()
{
	"$PYTHON3" -c 'import aiosmtpd' 2>/dev/null ||
	    skip "python3-aiosmtpd is not installed"
	_start_server smtpd "$TESTS_SRCDIR/smtpd.py" "$@"
	SMTPD_PORT=$PORT
	SMTPD_DIR=$SRVDIR
}

# start_faultd SCRIPTFILE: the scripted fault server (syntax in faultd.py).
# Sets PORT, SRVDIR (also FAULTD_PORT, FAULTD_DIR).
start_faultd()
{
	_start_server faultd "$TESTS_SRCDIR/faultd.py" --script "$1"
	FAULTD_PORT=$PORT
	FAULTD_DIR=$SRVDIR
}

# faultd_with LINE...: writes a script of these lines and starts faultd.
faultd_with()
{
	printf '%s\n' "$@" >"$T/faultd.script.$((NSERVERS + 1))"
	start_faultd "$T/faultd.script.$((NSERVERS + 1))"
}

# A TCP port on 127.0.0.1 that nobody listens on (bound, then closed).
free_port()
{
	"$PYTHON3" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# --- running postie ---------------------------------------------------

# write_config [LINE...]: $T/postie.conf (mode 0600) for the last server
# started; a LINE setting one of the default keys replaces the default.
write_config()
{
	CONF=$T/postie.conf
	{ : >"$CONF" && chmod 600 "$CONF"; } || hard_error "cannot write $CONF"
	_config_default host '"127.0.0.1"' "$@"
	[ -n "$PORT" ] && _config_default port "$PORT" "$@"
	_config_default tls none "$@"
	_config_default domain '"test.example"' "$@"
	_config_default syslog false "$@"
	_config_default timeout 5 "$@"
	_config_default dead_letter "\"$T/dead.letter\"" "$@"
	for _l in "$@"; do
		printf '%s\n' "$_l" >>"$CONF"
	done
}

_config_default()
{
	_k=$1
	_v=$2
	shift 2
	for _l in "$@"; do
		case $_l in
		"$_k "*|"$_k="*) return 0 ;;
		esac
	done
	printf '%s = %s\n' "$_k" "$_v" >>"$CONF"
}

# run_cmd PROGRAM ARGS...: runs it with stdin from $INPUT, in a clean
# environment (HOME=$T), bounded by $RUN_TIMEOUT. Sets RC and ELAPSED;
# stdout and stderr are in $T/stdout and $T/stderr.
run_cmd()
{
	LAST_CMD="$*"
	_t0=$(date +%s)
	env -u POSTIE_CONFIG -u XDG_CONFIG_HOME HOME="$T" \
	    timeout -k 2 "$RUN_TIMEOUT" "$@" \
	    <"$INPUT" >"$T/stdout" 2>"$T/stderr" &
	CHILD=$!
	wait "$CHILD"
	RC=$?
	CHILD=
	ELAPSED=$(($(date +%s) - _t0))
	[ "$RC" -ne 124 ] || fail "still running after $RUN_TIMEOUT s"
	! _reports >/dev/null || fail "a sanitizer or valgrind report was written"
	# gcc's UBSan, linked beside ASan, ignores log_path: its reports
	# stay on stderr. CI sets exitcode=86 for both sanitizers.
	case $RC in
	86|87) fail "exit status $RC: a sanitizer or valgrind error" ;;
	esac
	! grep -a -q -e 'runtime error:' -e 'ERROR: AddressSanitizer' \
	    -e 'ERROR: LeakSanitizer' "$T/stderr" ||
	    fail "a sanitizer report on stderr"
}

# run_postie ARGS...: postie -C $CONF ARGS, as run_cmd. Under valgrind
# when $VALGRIND is set: every error and every definite leak is then
# reported (into $REPORTS) and makes the exit status 87.
run_postie()
{
	[ -n "$CONF" ] || write_config
	if [ -n "$VALGRIND" ]; then
		run_cmd $VALGRIND -q --error-exitcode=87 --leak-check=full \
		    --show-leak-kinds=definite --errors-for-leak-kinds=definite \
		    --log-file="$REPORTS/valgrind.%p" "$POSTIE" -C "$CONF" "$@"
	else
		run_cmd "$POSTIE" -C "$CONF" "$@"
	fi
}

# --- building expected bytes ------------------------------------------

# to_crlf IN OUT: every line ends with CRLF, as postie must send it
# (a missing final line end is added; an existing CR before LF is kept
# once).
to_crlf()
{
	awk '{ sub(/\r$/, ""); printf "%s\r\n", $0 }' "$1" >"$2" ||
	    hard_error "awk failed"
}

# --- assertions -------------------------------------------------------

assert_exit()
{
	[ "$RC" = "$1" ] || fail "exit status $RC, expected $1"
}

assert_stderr_contains()
{
	grep -F -e "$1" "$T/stderr" >/dev/null ||
	    fail "stderr does not contain: $1"
}

assert_stderr_not_contains()
{
	! grep -F -e "$1" "$T/stderr" >/dev/null ||
	    fail "stderr contains: $1"
}

assert_stdout_contains()
{
	grep -F -e "$1" "$T/stdout" >/dev/null ||
	    fail "stdout does not contain: $1"
}

# assert_file_equals EXPECTED ACTUAL: byte for byte; shows the first
# difference with od -c when they differ.
assert_file_equals()
{
	[ -f "$2" ] || fail "$2 does not exist"
	cmp -s "$1" "$2" && return 0
	echo "--- files differ: $1 (expected) vs $2 (actual)"
	cmp "$1" "$2" 2>&1 | head -n 2
	echo "--- sizes: $(wc -c <"$1") expected, $(wc -c <"$2") actual"
	# "differ: char N, line L" or "EOF on F after byte N"
	_b=$(cmp "$1" "$2" 2>&1 | sed -n -e 's/.* differ: [a-z]* \([0-9]*\),.*/\1/p' \
	    -e 's/.*EOF on .* after [a-z]* \([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$_b" ] || _b=1
	_s=$((_b > 32 ? _b - 32 : 0))
	echo "--- expected, from offset $_s:"
	od -A d -c -j "$_s" -N 64 "$1" 2>/dev/null || echo "(end of file)"
	echo "--- actual, from offset $_s:"
	od -A d -c -j "$_s" -N 64 "$2" 2>/dev/null || echo "(end of file)"
	fail "$(basename "$2") differs from $(basename "$1")"
}

# assert_data EXPECTED [N]: message N (1) the server got is EXPECTED.
assert_data()
{
	assert_file_equals "$1" "$SRVDIR/${2:-1}.data"
}

# assert_envelope_from ADDR [N]: "" for the null sender.
assert_envelope_from()
{
	_f=$SRVDIR/${2:-1}.from
	[ -f "$_f" ] || fail "no message ${2:-1} received"
	[ "$(cat "$_f")" = "$1" ] ||
	    fail "envelope sender <$(cat "$_f")>, expected <$1>"
}

# assert_rcpts "a@x b@y" [N]: the accepted recipients, in any order.
assert_rcpts()
{
	_f=$SRVDIR/${2:-1}.rcpts
	[ -f "$_f" ] || fail "no message ${2:-1} received"
	_want=$(echo "$1" | tr ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ')
	_got=$(sort "$_f" | tr '\n' ' ')
	[ "$_want" = "$_got" ] ||
	    fail "recipients: $_got, expected: $_want"
}

# assert_mailopt PARAM [N]: MAIL FROM carried this parameter.
assert_mailopt()
{
	_f=$SRVDIR/${2:-1}.mailopts
	[ -f "$_f" ] || fail "no message ${2:-1} received"
	tr ' ' '\n' <"$_f" | grep -x -F -e "$1" >/dev/null ||
	    fail "MAIL FROM parameters \"$(cat "$_f")\" lack $1"
}

assert_no_message()
{
	for _f in "$SRVDIR"/*.data; do
		[ -e "$_f" ] && fail "the server received a message: $_f"
	done
	return 0
}

assert_message_count()
{
	_n=0
	for _f in "$SRVDIR"/*.data; do
		[ -e "$_f" ] && _n=$((_n + 1))
	done
	[ "$_n" -eq "$1" ] || fail "$_n messages received, expected $1"
}

# assert_queued N [DIR]: DIR ($T/queue) holds N messages (.env files).
assert_queued()
{
	_dir=${2:-$T/queue}
	_n=$(ls "$_dir" 2>/dev/null | grep -c '\.env$')
	[ "$_n" -eq "$1" ] ||
	    fail "$_n messages in $_dir, expected $1: $(ls -A "$_dir" 2>&1 | tr "\n" " ")"
}

# deliver_queued WANT: a queue run of $T/queue to a new smtpd delivers
# one message, WANT's bytes exactly.
deliver_queued()
{
	start_smtpd --raw-max 0
	write_config "timeout = 30" "queue_dir = \"$T/queue\""
	INPUT=/dev/null
	run_postie -q
	assert_exit 0
	assert_message_count 1
	cmp -s "$1" "$SRVDIR/1.data" || assert_data "$1"
}

# assert_command LINE: the client sent this exact command line.
assert_command()
{
	grep -x -F -e "$1" "$SRVDIR/commands" >/dev/null ||
	    fail "the client did not send: $1"
}

# assert_no_command REGEX: no command line matches (grep -E).
assert_no_command()
{
	! grep -E -e "$1" "$SRVDIR/commands" >/dev/null ||
	    fail "the client sent: $(grep -E -e "$1" "$SRVDIR/commands" | head -n 1)"
}

assert_elapsed_le()
{
	[ "$ELAPSED" -le "$1" ] || fail "took $ELAPSED s, expected at most $1 s"
}

assert_stderr_empty()
{
	[ ! -s "$T/stderr" ] || fail "stderr is not empty"
}

# _bytes_in NEEDLE HAYSTACK: whether the bytes of file NEEDLE occur in
# file HAYSTACK.
_bytes_in()
{
	"$PYTHON3" -c 'import sys
needle = open(sys.argv[1], "rb").read()
sys.exit(0 if needle in open(sys.argv[2], "rb").read() else 1)' "$1" "$2"
}

# assert_raw_contains FILE / assert_raw_lacks FILE: the bytes of FILE do
# (not) occur in what the client sent on the wire.
assert_raw_contains()
{
	_bytes_in "$1" "$SRVDIR/raw.log" ||
	    fail "the client did not send the bytes of $(basename "$1")"
}

assert_raw_lacks()
{
	! _bytes_in "$1" "$SRVDIR/raw.log" ||
	    fail "the client sent the bytes of $(basename "$1")"
}

# wait_for_command LINE: waits up to 3 s for the server to log this
# command line (a QUIT may arrive just after postie has exited).
wait_for_command()
{
	_i=0
	until grep -x -F -e "$1" "$SRVDIR/commands" >/dev/null; do
		[ $_i -lt 30 ] || fail "the client did not send: $1"
		sleep 0.1
		_i=$((_i + 1))
	done
}

# assert_data_added EXPECTED [N]: message N is EXPECTED plus the Date:
# and Message-ID: lines postie adds when they are missing, whose values
# vary: they must be well formed (RFC 5322 date, <...@test.example>) and
# close the header block, before an added From: (the last line of
# EXPECTED's header block then). Every other byte is compared exactly.
assert_data_added()
{
	_n=${2:-1}
	[ -f "$SRVDIR/$_n.data" ] || fail "no message $_n received"
	"$PYTHON3" - "$1" "$SRVDIR/$_n.data" "$T/stripped.$_n" \
	    >"$T/added.$_n" 2>&1 <<'PYEOF' || { cat "$T/added.$_n"; fail "the added header lines of message $_n are wrong"; }
import re, sys

def split(msg):
    if msg.startswith(b"\r\n"):
        return [], msg
    end = msg.find(b"\r\n\r\n")
    if end < 0:
        sys.exit("no end of the header block")
    return msg[:end + 2].splitlines(True), msg[end + 2:]

want_head, _ = split(open(sys.argv[1], "rb").read())
head, rest = split(open(sys.argv[2], "rb").read())
forms = {b"Date": re.compile(rb"Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), "
                             rb"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                             rb"Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d "
                             rb"[-+]\d{4}\r\n\Z"),
         b"Message-ID": re.compile(rb"Message-ID: <[^<>@ \r\n]+"
                                   rb"@test\.example>\r\n\Z")}
added = [i for i, l in enumerate(head) if l not in want_head and
         l.split(b":")[0] in forms]
names = [head[i].split(b":")[0] for i in added]
missing = [k for k in (b"Date", b"Message-ID")
           if not any(l.lower().startswith(k.lower() + b":")
                      for l in want_head)]
if names != missing:
    sys.exit("added %r, expected %r" % (names, missing))
for i in added:
    if not forms[head[i].split(b":")[0]].match(head[i]):
        sys.exit("malformed: %r" % head[i])
if added and added != list(range(added[0], added[0] + len(added))):
    sys.exit("the added lines are not together")
after = head[added[-1] + 1:] if added else []
if after and not (len(after) == 1 and after[0].startswith(b"From: ")):
    sys.exit("the added lines do not close the header block: %r" % after)
for l in (head[i] for i in added):
    print(l.decode("ascii", "replace").rstrip())
stripped = b"".join(l for i, l in enumerate(head) if i not in added)
open(sys.argv[3], "wb").write(stripped + rest)
PYEOF
	assert_file_equals "$1" "$T/stripped.$_n"
}
