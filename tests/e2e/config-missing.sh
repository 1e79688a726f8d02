#!/bin/sh
# A configuration file named by -C or $POSTIE_CONFIG that does not exist
# is exit 78 (EX_CONFIG), naming the file; no fallback to other files.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
run_cmd "$POSTIE" -C "$T/no-such.conf" alice@example.org
assert_exit 78
assert_stderr_contains "no-such.conf"

start_smtpd
CONF=
write_config
mkdir -p "$T/.config/postie"
cp "$CONF" "$T/.config/postie/postie.conf"
run_cmd env POSTIE_CONFIG="$T/also-missing.conf" "$POSTIE" alice@example.org
assert_exit 78
assert_stderr_contains "also-missing.conf"
assert_no_message
