#!/bin/sh
# The From: added from -F: a name with 8-bit bytes is RFC 2047 encoded
# (and decodes back to the name), a name with specials is quoted, a plain
# name is written as it is.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
grep -v -e '^From:' "$DATA/plain.eml" >"$T/in"
INPUT=$T/in
n=0
for name in 'Jörg Müller-Lüdenscheidt, Straßenbahnbetriebsgesellschaft' \
    'Doe, Jane "JD"' 'Cron Daemon'; do
	run_postie -F "$name" -f joe@example.com alice@example.org
	assert_exit 0
	n=$((n + 1))
	sed -n '1,/^\r$/p' "$SRVDIR/$n.data" >"$T/head"
	"$PYTHON3" - "$T/head" "$name" <<'PYEOF' || fail "bad From: for -F '$name'"
import email, email.header, email.policy, email.utils, sys
raw = open(sys.argv[1], "rb").read()
want = sys.argv[2]
froms = [l for l in raw.split(b"\r\n") if l.startswith(b"From:")]
if len(froms) != 1:
    sys.exit("not one From: line")
msg = email.message_from_bytes(raw, policy=email.policy.compat32)
value = msg["From"]
if max(raw) >= 0x80:
    sys.exit("8-bit bytes in the header: %r" % raw)
name, addr = email.utils.parseaddr(value.replace("\r\n", ""))
name = str(email.header.make_header(email.header.decode_header(name)))
if addr != "joe@example.com" or name != want:
    sys.exit("From: %r gives %r <%r>" % (value, name, addr))
if want.isascii() and "=?" in value:
    sys.exit("an ASCII name was encoded: %r" % value)
if want == "Cron Daemon" and value != "Cron Daemon <joe@example.com>":
    sys.exit("plain name not as it is: %r" % value)
print(value)
PYEOF
done
