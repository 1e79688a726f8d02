#!/bin/sh
# GnuTLS is loaded only when a run needs it (LD_DEBUG=files lists every
# library the dynamic loader opens): postie --version and a plaintext
# delivery load no libgnutls; a STARTTLS delivery loads it, at run time,
# and delivers. When it cannot be loaded, the message is kept in
# dead_letter with exit 75, not lost.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

# loaded NAME: the last run loaded a library whose file name begins so.
loaded()
{
	grep -q "file=$1[^ ]* \[" "$T/stderr"
}

# run_traced ARGS...: postie -C $CONF ARGS, telling what it loads.
run_traced()
{
	run_cmd env LD_DEBUG=files "$POSTIE" -C "$CONF" "$@"
}

make_certs "$T/certs"
start_smtpd --tls-cert "$T/certs/good.pem" --tls-key "$T/certs/good.key"
INPUT=$DATA/plain.eml
write_config "tls_ca_file = \"$T/certs/ca.pem\""

run_traced --version
assert_exit 0
assert_stdout_contains "postie"
# Without this the checks below would pass for a loader that says nothing.
loaded libconfuse || skip "LD_DEBUG=files does not list the libraries here"
! loaded libgnutls || fail "postie --version loaded GnuTLS"

run_traced alice@example.org
assert_exit 0
assert_message_count 1
! loaded libgnutls || fail "a plaintext delivery loaded GnuTLS"

write_config "tls = starttls" "tls_ca_file = \"$T/certs/ca.pem\""
run_traced alice@example.org
assert_exit 0
assert_message_count 2
[ "$(cat "$SRVDIR/2.tls")" = TLSv1.3 ] ||
    fail "message not received over TLS 1.3: $(cat "$SRVDIR/2.tls")"
grep -q 'file=libgnutls[^ ]* \[[0-9]*\]; *dynamically loaded by ' \
    "$T/stderr" || fail "GnuTLS was not loaded at run time for STARTTLS"
SONAME=$(sed -n 's/.*file=\(libgnutls[^ ]*\) \[.*dynamically loaded.*/\1/p' \
    "$T/stderr" | head -n 1)

# A library by that name that is no library: the message waits.
mkdir "$T/lib" && echo "not a library" >"$T/lib/$SONAME" ||
    hard_error "cannot make $T/lib/$SONAME"
run_cmd env LD_LIBRARY_PATH="$T/lib" "$POSTIE" -C "$CONF" alice@example.org
assert_exit 75
assert_stderr_contains "cannot load GnuTLS ($SONAME)"
assert_stderr_contains "message saved in $T/dead.letter"
grep -q "$(tail -n 1 "$INPUT")" "$T/dead.letter" ||
    fail "the message is not in dead.letter"
assert_message_count 2
