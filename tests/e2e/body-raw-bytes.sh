#!/bin/sh
# NUL bytes, a bare CR, a tab and a 5000-octet line pass unchanged (cron
# mails raw job output; refusing it would lose the mail).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
long=$(awk 'BEGIN { while (n++ < 5000) printf "x" }')
{ sed '/^$/q' "$DATA/plain.eml"
  printf 'nul:\000:end\n'
  printf 'bare\rcr\n'
  printf 'tab\tend\n'
  printf '%s\n' "$long"
  printf 'last\n'; } >"$T/in"
{ to_crlf "$DATA/plain.eml" "$T/crlf"
  sed "/^$(printf '\r')\$/q" "$T/crlf"
  printf 'nul:\000:end\r\n'
  printf 'bare\rcr\r\n'
  printf 'tab\tend\r\n'
  printf '%s\r\n' "$long"
  printf 'last\r\n'; } >"$T/want"
INPUT=$T/in
run_postie -i alice@example.org
assert_exit 0
assert_data "$T/want"
