#!/bin/sh
# 20 queue runs at once over 50 queued messages: each message is
# delivered exactly once, and the queue ends empty.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config "queue_dir = \"$T/queue\""
i=1
while [ $i -le 50 ]; do
	printf 'Subject: message %d\nMessage-ID: <m%d@test>\n\nbody %d\n' \
	    $i $i $i >"$T/m"
	INPUT=$T/m
	run_postie -odq "rcpt$i@example.org"
	assert_exit 0
	i=$((i + 1))
done
assert_queued 50

i=1
pids=
while [ $i -le 20 ]; do
	env -u POSTIE_CONFIG HOME="$T" timeout 60 "$POSTIE" -C "$CONF" -q \
	    </dev/null >"$T/q$i.out" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || fail "a queue run failed: $(cat "$T"/q*.out)"
done
assert_message_count 50
n=$(cat "$SRVDIR"/*.data | grep -c '^Message-ID: <m[0-9]*@test>')
u=$(cat "$SRVDIR"/*.data | grep '^Message-ID: <m[0-9]*@test>' | sort -u | wc -l)
[ "$n" -eq 50 ] && [ "$u" -eq 50 ] || fail "$n messages, $u distinct"
[ -z "$(ls "$T/queue" | grep '\.\(env\|msg\)$')" ] || fail "queue not empty"
