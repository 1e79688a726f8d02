#!/bin/sh
# -X FILE appends the dialogue to FILE (what is there stays); without -v
# nothing of it goes to stderr.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
INPUT=$DATA/plain.eml
echo "earlier content" >"$T/x.log"
run_postie -X "$T/x.log" -f sender@example.com alice@example.org
assert_exit 0
assert_stderr_not_contains "-->"
[ "$(head -n 1 "$T/x.log")" = "earlier content" ] ||
    fail "-X did not append: first line is now $(head -n 1 "$T/x.log")"
grep -F -e "--> MAIL FROM:<sender@example.com>" "$T/x.log" >/dev/null ||
    fail "no MAIL FROM in the -X file"
grep -F -e "<-- 250 2.0.0 Ok: queued as 1" "$T/x.log" >/dev/null ||
    fail "no end-of-data reply in the -X file"

run_postie -X "$T/x.log" -f sender@example.com alice@example.org
assert_exit 0
[ "$(grep -c -F -e "--> MAIL FROM:<" "$T/x.log")" -eq 2 ] ||
    fail "the second run was not appended"
