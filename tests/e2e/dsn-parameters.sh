#!/bin/sh
# DSN: with -N/-R/-V and a server offering DSN, MAIL FROM carries RET= and
# ENVID= (xtext) and each RCPT TO carries NOTIFY=; without DSN offered the
# parameters are left out and the message is still sent.
. "$TESTS_SRCDIR/lib.sh"

faultd_with "ehlo 250-faultd.test|250-PIPELINING|250-DSN|250 8BITMIME"
write_config
INPUT=$DATA/plain.eml
run_postie -N failure,delay -R hdrs -V 'id+1=2' -- alice@example.org
assert_exit 0
assert_command "MAIL FROM:<root@test.example> RET=HDRS ENVID=id+2B1+3D2"
assert_command "RCPT TO:<alice@example.org> NOTIFY=FAILURE,DELAY"

faultd_with "pipelining on"
write_config
run_postie -N failure,delay -R hdrs -V 'id' -- alice@example.org
assert_exit 0
assert_command "MAIL FROM:<root@test.example>"
assert_command "RCPT TO:<alice@example.org>"
assert_rcpts "alice@example.org"
