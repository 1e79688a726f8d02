#!/bin/sh
# Small limits: postie sends under "ulimit -v 65536" (64 MiB of address
# space, TLS included, a 20 MiB message streamed from a pipe) and under
# "ulimit -n 16" (TLS, and a queue run over ten messages, which would
# run out if a descriptor leaked per message).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/certs.sh"

make_certs "$T/certs"
INPUT=$DATA/plain.eml

# limited OPTION VALUE ARGS...: postie ARGS under "ulimit OPTION VALUE".
limited()
{
	_opt=$1
	_val=$2
	shift 2
	run_cmd sh -c "ulimit $_opt $_val && exec \"\$0\" \"\$@\"" \
	    "$POSTIE" -C "$CONF" "$@"
}

start_smtpd --implicit-tls --tls-cert "$T/certs/good.pem" \
    --tls-key "$T/certs/good.key"
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\""
limited -n 16 alice@example.org
assert_exit 0
assert_message_count 1

# Ten messages queued, then one run sends them all.
start_smtpd
write_config "queue_dir = \"$T/queue\""
for i in 1 2 3 4 5 6 7 8 9 10; do
	run_postie -odq "bob$i@example.org"
	assert_exit 0
done
limited -n 16 -q
assert_exit 0
assert_message_count 10
assert_queued 0

# An address-space limit cannot work under AddressSanitizer (it reserves
# terabytes) nor valgrind.
if grep -a -q -e AddressSanitizer -e __asan_init "$POSTIE"; then
	echo "postie is built with AddressSanitizer: ulimit -v not tried"
	exit 0
fi
[ -z "${VALGRIND:-}" ] || exit 0

start_smtpd --implicit-tls --tls-cert "$T/certs/good.pem" \
    --tls-key "$T/certs/good.key" --raw-max 0
write_config "tls = tls" "tls_ca_file = \"$T/certs/ca.pem\"" "timeout = 30"
limited -v 65536 alice@example.org
assert_exit 0
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"

mkfifo "$T/pipe" || hard_error "mkfifo"
{ sed '/^$/q' "$DATA/plain.eml"; yes 'a line of the body, again and again' |
    head -c $((20 * 1024 * 1024)); } >"$T/pipe" &
gen=$!
INPUT=$T/pipe
limited -v 65536 -i alice@example.org
kill "$gen" 2>/dev/null
wait "$gen" 2>/dev/null
assert_exit 0
[ "$(wc -c <"$SRVDIR/2.data")" -gt $((20 * 1024 * 1024)) ] ||
    fail "the 20 MiB message arrived with $(wc -c <"$SRVDIR/2.data") bytes"
