#!/bin/sh
# A host name that does not exist: "host name not found", exit 68.
. "$TESTS_SRCDIR/lib.sh"

"$PYTHON3" -c 'import socket, sys
try:
    socket.getaddrinfo("no-such-host.invalid", 25)
except socket.gaierror as e:
    sys.exit(0 if e.errno == socket.EAI_NONAME else 1)
sys.exit(1)' || skip "the resolver gives no definite answer for .invalid here"
write_config 'host = "no-such-host.invalid"' "port = 25"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 68
assert_stderr_contains "no-such-host.invalid: host name not found"
