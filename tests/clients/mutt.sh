#!/bin/sh
# mutt in batch mode with postie as its "sendmail" setting: it runs
# "sendmail -oem -oi [-f ADDR] [-N ..] [-R ..] -- rcpt..." with every
# recipient, Bcc included, as an argument and no Bcc: in the message.
# With dsn_notify/dsn_return set it passes -N and -R, which postie turns
# into NOTIFY= and RET= for a server offering DSN. A 451 at RCPT makes
# it fail and say "Deferred" (EX_TEMPFAIL). neomutt.sh runs this file
# with MUA=neomutt.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/clients/common.sh"

MUA=${MUA:-mutt}
need "$MUA" "$MUA"
start_smtpd --ehlo-extra DSN --tempfail-rcpt later@example.org
client_setup
cat >"$T/muttrc" <<MUTTRC
set sendmail="$SENDMAIL -oem -oi"
set from="Sender Name <sender@example.com>"
set use_envelope_from=yes
set record=""
set charset="utf-8"
set send_charset="utf-8"
set hostname="client.example"
MUTTRC
INPUT=$CLIENTS/data/body-8bit.txt
run_client "$MUA" -n -F "$T/muttrc" -s "Grüße" -c carol@example.org \
    -b bcc@example.org -- alice@example.org bob@example.net
assert_exit 0
assert_argv '[-oem][-oi][-f][sender@example.com][--][alice@example.org][bob@example.net][carol@example.org][bcc@example.org]'
assert_wrapper_exit 0
assert_envelope_from sender@example.com
assert_rcpts "alice@example.org bob@example.net carol@example.org bcc@example.org"
assert_message 1 --header "From: Sender Name <sender@example.com>" \
    --header "To: alice@example.org, bob@example.net" \
    --header "Cc: carol@example.org" --header-has "Subject: =?utf-8?"
! grep -q bcc@example.org "$SRVDIR/1.data" || fail "the Bcc address was sent"
# The client may send the 8-bit body as it is or quoted-printable.
"$PYTHON3" - "$SRVDIR/1.data" "$INPUT" <<'PY' || fail "the body is not intact"
import email, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"))
got = msg.get_payload(decode=True).replace(b"\r\n", b"\n")
want = open(sys.argv[2], "rb").read()
if got != want:
    sys.exit("body %r, expected %r" % (got, want))
PY

# A temporary failure reaches the user.
run_client "$MUA" -n -F "$T/muttrc" -s "Later" -- later@example.org
[ "$RC" -ne 0 ] || fail "$MUA exited 0 although sending failed"
assert_wrapper_exit 75 2
grep -q 'Deferred' "$T/stderr" "$T/stdout" ||
    fail "$MUA did not report the failure as Deferred"
assert_message_count 1

# DSN requests, to a server that offers DSN.
faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-DSN|250 8BITMIME"
client_setup
INPUT=$CLIENTS/data/body.txt
printf 'set dsn_notify="failure,delay"\nset dsn_return="hdrs"\n' >>"$T/muttrc"
run_client "$MUA" -n -F "$T/muttrc" -s "DSN" -- alice@example.org
assert_exit 0
assert_argv '[-oem][-oi][-f][sender@example.com][-N][failure,delay][-R][hdrs][--][alice@example.org]' 3
assert_command "MAIL FROM:<sender@example.com> RET=HDRS"
assert_command "RCPT TO:<alice@example.org> NOTIFY=FAILURE,DELAY"
assert_message 1
