#!/bin/sh
# anacron: "-FAnacron -odi alice@example.org", without -i, and the job's
# output without a final newline. "From: Anacron <root>" is qualified;
# the last line gets its CRLF.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/anacron-1.eml
[ "$(tail -c 1 "$INPUT" | od -A n -c | tr -d ' ')" != '\n' ] ||
    hard_error "the sample ends with a newline"
run_postie -FAnacron -odi alice@example.org
assert_exit 0
assert_rcpts alice@example.org
sed 's/^From: Anacron <root>$/From: Anacron <root@test.example>/' \
    "$INPUT" >"$T/qualified"
cmp -s "$INPUT" "$T/qualified" && hard_error "the sample has no Anacron From:"
to_crlf "$T/qualified" "$T/want"
assert_data_added "$T/want"
