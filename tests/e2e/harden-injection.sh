#!/bin/sh
# Injection: a CR or LF in -f, -r, -F, a recipient, --host, -a, -L or -V
# is refused with exit 65, and a CR, LF or NUL in an account value with
# exit 78; no blank, bracket or parameter rides an address into MAIL
# FROM or RCPT TO. In every case the server sees no MAIL at all. Then
# what a message holds stays data: "." lines and commands in the header
# or the body never end DATA.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
CR=$(printf '\r')
LF='
'
faultd_with "# a plain server"
bad=

# Arguments: exit 65, before any connection.
write_config
refused 65 "-f value contains a line break" \
    -f "a@example.org${CR}${LF}RSET" bob@example.org
refused 65 "-f value contains a line break" \
    -f "a@example.org${LF}RCPT TO:<evil@example.net>" bob@example.org
refused 65 "-f value contains a line break" -f "a@example.org${CR}" \
    bob@example.org
refused 65 "-r value contains a line break" -r "a@example.org${LF}" \
    bob@example.org
refused 65 "-F value contains a line break" \
    -F "Alice${LF}Bcc: evil@example.net" bob@example.org
refused 65 "-F value contains a line break" -F "Alice${CR}" bob@example.org
refused 65 "recipient argument 1 contains a line break" \
    "bob@example.org${CR}${LF}DATA"
refused 65 "recipient argument 2 contains a line break" \
    bob@example.org "carol@example.org${LF}RSET"
refused 65 "--host value contains a line break" \
    "--host=127.0.0.1${CR}${LF}" bob@example.org
refused 65 "--host value contains a line break" \
    --host "127.0.0.1${LF}evil" bob@example.org
refused 65 "-a value contains a line break" -a "default${LF}x" \
    bob@example.org
refused 65 "-L value contains a line break" -L "tag${LF}fake log line" \
    bob@example.org
refused 65 "-V value contains a line break" -V "id${CR}x" bob@example.org

# Addresses that would carry a parameter or a second word.
refused 65 'bad sender "a@example.org> SIZE=1"' \
    -f "a@example.org> SIZE=1" bob@example.org
refused 65 'bad sender "a@example.org NOTIFY=NEVER"' \
    -f "a@example.org NOTIFY=NEVER" bob@example.org
refused 65 'bad sender "a b@example.org"' -f "a b@example.org" \
    bob@example.org
refused 65 'bad recipient "bob@example.org> NOTIFY=NEVER"' \
    "bob@example.org> NOTIFY=NEVER"

# Account values: exit 78, found when the file is read.
write_config 'from = "a@example.org\r\nRSET"'
refused 78 "line breaks are not allowed" bob@example.org
write_config 'from = "a@example.org\x00evil"'
refused 78 "NUL" bob@example.org
write_config 'from = "a@example.org\0"'
refused 78 "NUL" bob@example.org
write_config 'from = "a@example.org> SIZE=1"'
refused 78 "is not an address" bob@example.org
write_config 'domain = "test.example\r\nMAIL FROM:<evil@example.net>"'
refused 78 "line breaks are not allowed" bob@example.org
write_config 'host = "127.0.0.1\nx"'
refused 78 "line breaks are not allowed" bob@example.org
write_config 'user = "alice\r\nAUTH PLAIN"' 'password = "x"'
refused 78 "line breaks are not allowed" bob@example.org
write_config 'user = "alice\000"' 'password = "x"'
refused 78 "NUL" bob@example.org

# -t: a bare CR or a NUL in an address header is refused, not guessed at.
write_config
printf 'To: bob@example.org\rRCPT TO:<evil@example.net>\nSubject: x\n\nhi\n' \
    >"$T/cr.eml"
INPUT=$T/cr.eml
refused 65 "cannot read the recipients" -t
printf 'To: "bob\000"@example.org\nSubject: x\n\nhi\n' >"$T/nul.eml"
INPUT=$T/nul.eml
refused 65 "cannot read the recipients" -t
[ -z "$bad" ] || fail "not refused as they should be: $bad"

# What the message holds is data. With -i a lone "." is doubled, and so
# is a "." after a bare CR: some servers end the data at "<CR>.<CR><LF>"
# and would run what follows as commands (SMTP smuggling).
printf 'From: alice@example.org\nSubject: smuggle\n\nbody\n.\n%s\n%s\n%s\n' \
    "MAIL FROM:<evil@example.net>" "x$CR.$CR" "RCPT TO:<evil@example.net>" \
    >"$T/smuggle.eml"
printf 'DATA\nevil\n.\nQUIT\n' >>"$T/smuggle.eml"
INPUT=$T/smuggle.eml
run_postie -i bob@example.org
assert_exit 0
assert_message_count 1
[ "$(grep -c '^MAIL' "$SRVDIR/commands")" = 1 ] ||
    fail "the client sent more than one MAIL"
assert_rcpts bob@example.org
printf '\r.\r' >"$T/cr-dot-cr"
assert_raw_lacks "$T/cr-dot-cr"
printf '%s\r\n' "From: alice@example.org" "Subject: smuggle" "" "body" "." \
    "MAIL FROM:<evil@example.net>" "x$CR.." "RCPT TO:<evil@example.net>" \
    "DATA" "evil" "." "QUIT" >"$T/want"
assert_data_added "$T/want"
