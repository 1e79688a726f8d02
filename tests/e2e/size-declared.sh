#!/bin/sh
# When the server offers SIZE, MAIL FROM declares SIZE=n, n at least the
# size of the message; a message over the server's limit fails before its
# body is sent, and not as a temporary failure.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd --size 100000
write_config
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 0
size=$(tr ' ' '\n' <"$SRVDIR/1.mailopts" | sed -n 's/^SIZE=//p')
[ -n "$size" ] || fail "no SIZE= in MAIL FROM: $(cat "$SRVDIR/1.mailopts")"
[ "$size" -ge "$(wc -c <"$SRVDIR/1.data")" ] ||
    fail "SIZE=$size is less than the $(wc -c <"$SRVDIR/1.data") bytes sent"

start_smtpd --size 200
write_config
run_postie alice@example.org
[ "$RC" -ne 0 ] && [ "$RC" -ne 75 ] ||
    fail "exit status $RC for a message over the server's SIZE"
assert_no_message
assert_no_command '^\.$'
