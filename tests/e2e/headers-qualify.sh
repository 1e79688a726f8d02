#!/bin/sh
# qualify_headers (default true): bare names in From, Sender, Reply-To,
# To and Cc get @domain, in place, keeping comments, display names and
# groups; Subject, other fields and the body are not touched. With
# qualify_headers = false the message goes out unchanged.
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
cat >"$T/in" <<'MSG'
Date: Mon, 30 Nov 2026 09:49:44 +0000
From: root (Cron Daemon)
Sender: daemon
Reply-To: "Ops Team" <ops>, helpdesk@example.com
To: carol, Bob <bob@example.net>,
	dave
Cc: undisclosed-recipients:;, Team: erin, frank@example.org;
Subject: mail for root from daemon
X-Original-To: root
Message-ID: <qualify-1@example.com>

To: root, in the body
MSG
cat >"$T/qualified" <<'MSG'
Date: Mon, 30 Nov 2026 09:49:44 +0000
From: root@test.example (Cron Daemon)
Sender: daemon@test.example
Reply-To: "Ops Team" <ops@test.example>, helpdesk@example.com
To: carol@test.example, Bob <bob@example.net>,
	dave@test.example
Cc: undisclosed-recipients:;, Team: erin@test.example, frank@example.org;
Subject: mail for root from daemon
X-Original-To: root
Message-ID: <qualify-1@example.com>

To: root, in the body
MSG
INPUT=$T/in
write_config
run_postie -i alice@example.org
assert_exit 0
to_crlf "$T/qualified" "$T/want1"
assert_data "$T/want1" 1

write_config 'qualify_headers = false'
run_postie -i alice@example.org
assert_exit 0
to_crlf "$T/in" "$T/want2"
assert_data "$T/want2" 2
