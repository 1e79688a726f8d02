#!/bin/sh
# -bv prints the account, the server, the envelope sender and every
# recipient (qualified, from -t headers too, without duplicates), and
# sends nothing: the server never sees a connection.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config 'from = "acct@example.com"'
INPUT=$DATA/mailx-t.eml
run_postie -bv -f Joe@example.com root alice@EXAMPLE.org,bob@example.net
assert_exit 0
printf '%s\n' "account: default" "host: 127.0.0.1:$PORT" \
    "sender: <Joe@example.com>" "recipient: <root@test.example>" \
    "recipient: <alice@EXAMPLE.org>" "recipient: <bob@example.net>" \
    >"$T/want1"
assert_file_equals "$T/want1" "$T/stdout"

run_postie -bv -t -i dave
assert_exit 0
printf '%s\n' "account: default" "host: 127.0.0.1:$PORT" \
    "sender: <acct@example.com>" "recipient: <alice@example.org>" \
    "recipient: <bob@example.net>" "recipient: <carol@example.org>" \
    "recipient: <bcc@example.org>" "recipient: <dave@test.example>" \
    >"$T/want2"
assert_file_equals "$T/want2" "$T/stdout"

run_postie -bv
assert_exit 64
assert_stderr_contains "no recipients"

sleep 0.2
[ ! -s "$SRVDIR/transcript" ] || fail "-bv connected to the server"
