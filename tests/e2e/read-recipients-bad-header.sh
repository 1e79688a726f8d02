#!/bin/sh
# With -t, an address header that does not parse is an error naming the
# header (exit 65): no guess is made and nothing is sent. Without -t the
# same message is sent as it is.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config "logfile = \"$T/log\""
{ echo 'From: sender@example.com'
  echo 'To: alice@example.org bob@example.net'
  echo 'Subject: missing comma'
  echo
  echo 'body'; } >"$T/to"
INPUT=$T/to
run_postie -i -t
assert_exit 65
assert_stderr_contains "To:"
[ "$(wc -l <"$T/stderr")" -eq 1 ] || fail "not one line on stderr"
# Not sent, and logged so (SPEC §7: a line on failure too).
grep -q 'host=- .*from=- .*status=failed error="[^"]*To:' \
    "$T/log" || fail "no log line for the failure: $(cat "$T/log" 2>&1)"

{ echo 'From: sender@example.com'
  echo 'To: alice@example.org'
  echo 'Cc: <carol@example.org'
  echo 'Subject: open angle'
  echo
  echo 'body'; } >"$T/cc"
INPUT=$T/cc
run_postie -i -t
assert_exit 65
assert_stderr_contains "Cc:"
[ ! -s "$SRVDIR/transcript" ] || fail "postie talked to the server"

INPUT=$T/to
run_postie -i alice@example.org
assert_exit 0
assert_rcpts alice@example.org
to_crlf "$T/to" "$T/want"
assert_data_added "$T/want"
