#!/bin/sh
# Callers may start postie with descriptor 0, 1 or 2 closed (daemons,
# sudo). Nothing meant for stdout or stderr may then land in the SMTP
# socket, the queue or the transcript: the server gets exactly the
# dialogue and the message, and -v's dialogue goes to stderr only.
. "$TESTS_SRCDIR/lib.sh"

INPUT=$DATA/plain.eml
to_crlf "$INPUT" "$T/want"
printf '%s\n' "EHLO test.example" "MAIL FROM:<root@test.example>" \
    "RCPT TO:<alice@example.org>" "DATA" "." "QUIT" >"$T/commands"

# closed REDIRECTIONS ARGS...: postie ARGS with those descriptors closed
# ("0<&- 2>&-"), the others as run_postie sets them.
closed()
{
	_redir=$1
	shift
	run_cmd sh -c "exec $_redir; exec \"\$0\" \"\$@\"" \
	    "$POSTIE" -C "$CONF" "$@"
}

# exactly_sent: the server got the usual commands and the message, and
# no other byte (the raw log is the commands and the message).
exactly_sent()
{
	wait_for_command QUIT
	cmp -s "$T/commands" "$SRVDIR/commands" ||
	    fail "$1: the server got other commands: $(cat "$SRVDIR/commands")"
	assert_data "$T/want"
	{ head -n 4 "$T/commands"; cat "$T/want"; echo .; echo QUIT; } |
	    awk '{ sub(/\r$/, ""); printf "%s\r\n", $0 }' >"$T/raw"
	cmp -s "$T/raw" "$SRVDIR/raw.log" ||
	    fail "$1: the server got bytes beyond the dialogue"
}

for redir in "1>&-" "2>&-" "1>&- 2>&-" "0<&- 1>&- 2>&-"; do
	start_smtpd
	write_config
	case $redir in
	0*) INPUT=$DATA/plain.eml
	    closed "$redir; exec 0<\"$INPUT\"" -v alice@example.org ;;
	*)  closed "$redir" -v -X "$T/transcript.$NSERVERS" alice@example.org ;;
	esac
	assert_exit 0
	exactly_sent "$redir"
	case $redir in
	*2\>*) [ ! -s "$T/stderr" ] || fail "$redir: stderr was written" ;;
	*) grep -q "EHLO test.example" "$T/stderr" ||
	    fail "$redir: the -v dialogue is not on stderr" ;;
	esac
	[ ! -s "$T/stdout" ] || fail "$redir: stdout was written"
	_tr=$T/transcript.$NSERVERS
	if [ -e "$_tr" ]; then
		grep -q -e '^--> EHLO test.example' "$_tr" ||
		    fail "$redir: the transcript lacks the dialogue"
		! grep -v -e '^--- ' -e '^<-- ' -e '^--> ' "$_tr" >/dev/null ||
		    fail "$redir: the transcript holds other lines"
	fi
	stop_servers
done

# stdin closed: an empty message, sent as such (headers added), nothing
# read from elsewhere.
start_smtpd
write_config
closed "0<&- 1>&- 2>&-" alice@example.org
assert_exit 0
assert_message_count 1
[ "$(sed -n '/^\r$/,$p' "$SRVDIR/1.data")" = "$(printf '\r')" ] ||
    fail "the body of the empty message is not empty"
stop_servers

# Everything closed while queueing, then while the queue is run: the
# queued message, and the one delivered, are exactly the input.
start_smtpd
write_config "queue_dir = \"$T/queue\""
closed "1>&- 2>&-; exec 0<\"$INPUT\"" -odq alice@example.org
assert_exit 0
closed "0<&- 1>&- 2>&-" -q -v
assert_exit 0
exactly_sent "queue"
