#!/bin/sh
# LF input: every LF becomes CRLF; empty lines, white-space-only lines and
# trailing spaces are kept as they are.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
{ sed '/^$/q' "$DATA/plain.eml"
  printf '\n\nfirst line after two empty lines\n'
  printf '   \n\t\n'
  printf 'trailing spaces   \n'
  printf 'trailing tab\t\n'
  printf '\n'; } >"$T/in"
{
  sed '/^$/q' "$DATA/plain.eml" | awk '{ printf "%s\r\n", $0 }'
  printf '\r\n\r\nfirst line after two empty lines\r\n'
  printf '   \r\n\t\r\n'
  printf 'trailing spaces   \r\n'
  printf 'trailing tab\t\r\n'
  printf '\r\n'; } >"$T/want"
INPUT=$T/in
run_postie alice@example.org
assert_exit 0
assert_data "$T/want"
