#!/bin/sh
# -t on a resent message takes the recipients from Resent-To, Resent-Cc
# and Resent-Bcc only; Bcc and Resent-Bcc (with its folded line) are both
# removed; the argument is added; duplicates go (domain without case,
# local part exact).
. "$TESTS_SRCDIR/lib.sh"

start_smtpd
write_config
cat >"$T/in" <<'MSG'
Resent-From: Ops <ops@example.com>
Resent-Date: Tue, 1 Dec 2026 10:00:00 +0000
Resent-Message-ID: <resent-1@example.com>
Resent-To: Dave <dave@Example.NET>, erin@example.net
Resent-Cc: dave@example.net
Resent-Bcc: frank@example.org,
	grace@example.org
Date: Mon, 30 Nov 2026 09:49:44 +0000
From: Sender Name <sender@example.com>
To: Alice <alice@example.org>
Cc: carol@example.org
Bcc: bcc@example.org
Subject: forwarded
Message-ID: <orig-1@example.com>

The original text.
MSG
INPUT=$T/in
run_postie -i -t DAVE@example.net erin@EXAMPLE.net
assert_exit 0
assert_rcpts "dave@Example.NET erin@example.net frank@example.org grace@example.org DAVE@example.net"
grep -v -e '^Resent-Bcc:' -e '^	grace' -e '^Bcc:' "$T/in" >"$T/kept"
to_crlf "$T/kept" "$T/want"
assert_data "$T/want"
