#!/bin/sh
# set_from_header = true: From: gets the account's from as its address,
# keeping the display name or comment; the envelope sender is still -f.
# Without it, From: is left alone. A missing From: is made from "from".
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config 'set_from_header = true' 'from = "relay@example.net"'
n=0
for pair in '"Joe Q. Public" <joe@home.example>|"Joe Q. Public" <relay@example.net>' \
    'joe@home.example (Joe)|relay@example.net (Joe)' \
    'Joe <joe@home.example>|Joe <relay@example.net>'; do
	n=$((n + 1))
	sed "s/^From: .*/From: ${pair%%|*}/" "$DATA/plain.eml" >"$T/in.$n"
	sed "s/^From: .*/From: ${pair#*|}/" "$DATA/plain.eml" >"$T/exp.$n"
	INPUT=$T/in.$n
	run_postie -f joe@home.example alice@example.org
	assert_exit 0
	assert_envelope_from joe@home.example $n
	to_crlf "$T/exp.$n" "$T/want"
	assert_data "$T/want" $n
done

grep -v '^From:' "$DATA/plain.eml" >"$T/nofrom"
INPUT=$T/nofrom
run_postie -F "Joe" -f joe@home.example alice@example.org
assert_exit 0
n=$((n + 1))
{ sed '/^$/,$d' "$T/nofrom"; echo 'From: Joe <relay@example.net>'
  sed -n '/^$/,$p' "$T/nofrom"; } >"$T/exp"
to_crlf "$T/exp" "$T/want"
assert_data_added "$T/want" $n

write_config 'from = "relay@example.net"'
INPUT=$T/in.1
run_postie -f joe@home.example alice@example.org
assert_exit 0
n=$((n + 1))
to_crlf "$T/in.1" "$T/want"
assert_data "$T/want" $n
