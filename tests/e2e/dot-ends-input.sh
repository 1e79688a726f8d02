#!/bin/sh
# Without -i a line holding only "." ends the message (sendmail and
# Postfix semantics, PHP mail() relies on it): the rest is not sent.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
cut_at_dot()
{
	awk '/^\.\r?$/ { exit } { sub(/\r$/, ""); printf "%s\r\n", $0 }' \
	    "$1" >"$2"
}

INPUT=$DATA/php-mixed.eml
run_postie alice@example.org
assert_exit 0
cut_at_dot "$INPUT" "$T/want1"
assert_data "$T/want1" 1

INPUT=$DATA/dots.eml
run_postie -oem alice@example.org
assert_exit 0
cut_at_dot "$INPUT" "$T/want2"
assert_data "$T/want2" 2

to_crlf "$DATA/dots.eml" "$T/dots-crlf"
INPUT=$T/dots-crlf
run_postie alice@example.org
assert_exit 0
assert_data "$T/want2" 3
