#!/bin/sh
# neomutt: the same calls and checks as mutt.sh ("sendmail -oem -oi -f
# ADDR [-N ..] [-R ..] -- rcpt...", Deferred on a 451).
MUA=neomutt
export MUA
. "$TESTS_SRCDIR/clients/mutt.sh"
