#!/bin/sh
# Sends one sample message through postie to a local SMTP server started
# for the purpose (the recording server of the test suite, on loopback),
# then shows what the server received. Run from the source tree after
# building: sh contrib/demo.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
postie=${POSTIE:-$top/postie}
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT INT TERM

mkdir -p "$dir/received"
/usr/bin/python3 "$top/tests/smtpd.py" --portfile "$dir/port" \
	--outdir "$dir/received" --lifetime 60 &
pid=$!
i=0
while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$dir/port")

cat >"$dir/postie.conf" <<CONF
domain  = "demo.example"
syslog  = false
account default {
  host = "127.0.0.1"
  port = $port
  tls  = none
  from = "demo@demo.example"
}
CONF
chmod 600 "$dir/postie.conf"

printf 'Subject: hello from postie\n\nIt works.\n' |
	"$postie" -C "$dir/postie.conf" -v alice@example.org 2>&1
echo "postie exited $?; the server on 127.0.0.1:$port received:"
echo "  envelope sender:  <$(cat "$dir/received/1.from")>"
echo "  recipients:       $(tr '\n' ' ' <"$dir/received/1.rcpts")"
echo "  message:"
sed 's/^/    | /' "$dir/received/1.data"
