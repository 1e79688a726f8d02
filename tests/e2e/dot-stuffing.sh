#!/bin/sh
# With -i, lines starting with "." (even a lone ".") are content: they go
# out dot-stuffed and the server gets them back unchanged.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/dots.eml
run_postie -i alice@example.org
assert_exit 0
# On the wire: every line starting with "." gets one more, then the end.
awk '{ sub(/\r$/, ""); if (substr($0, 1, 1) == ".") $0 = "." $0
	printf "%s\r\n", $0 } END { printf ".\r\n" }' "$INPUT" >"$T/wire"
assert_raw_contains "$T/wire"
to_crlf "$INPUT" "$T/want"
assert_data "$T/want"
