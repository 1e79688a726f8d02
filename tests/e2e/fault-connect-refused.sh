#!/bin/sh
# Nobody listens on the port: "cannot connect", exit 75.
. "$TESTS_SRCDIR/lib.sh"

port=$(free_port)
write_config "port = $port"
INPUT=$DATA/plain.eml
run_postie alice@example.org
assert_exit 75
assert_stderr_contains "127.0.0.1:$port: cannot connect: Connection refused"
