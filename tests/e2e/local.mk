# End-to-end tests: the real postie binary against real servers
# (tests/smtpd.py, tests/faultd.py), with the helpers of tests/lib.sh.
E2E_TESTS = \
	tests/e2e/as-newaliases.sh \
	tests/e2e/as-sendmail.sh \
	tests/e2e/bcc-removed.sh \
	tests/e2e/body-50mb.sh \
	tests/e2e/body-8bit-no-8bitmime.sh \
	tests/e2e/body-8bit.sh \
	tests/e2e/body-empty.sh \
	tests/e2e/body-raw-bytes.sh \
	tests/e2e/config-missing.sh \
	tests/e2e/dot-ends-input.sh \
	tests/e2e/dot-stuffing.sh \
	tests/e2e/dsn-parameters.sh \
	tests/e2e/eol-crlf.sh \
	tests/e2e/eol-lf.sh \
	tests/e2e/eol-mixed-php.sh \
	tests/e2e/fault-connect-refused.sh \
	tests/e2e/fault-data-554.sh \
	tests/e2e/fault-drop-at-data.sh \
	tests/e2e/fault-drop-mid-body.sh \
	tests/e2e/fault-eod-452.sh \
	tests/e2e/fault-eod-554.sh \
	tests/e2e/fault-greeting-421.sh \
	tests/e2e/fault-host-not-found.sh \
	tests/e2e/fault-mail-451.sh \
	tests/e2e/fault-mail-550.sh \
	tests/e2e/fault-malformed-reply.sh \
	tests/e2e/fault-rcpt-451-partial.sh \
	tests/e2e/fault-rcpt-550-partial.sh \
	tests/e2e/fault-rcpt-all-refused.sh \
	tests/e2e/fault-timeout-greeting.sh \
	tests/e2e/fault-timeout-stall.sh \
	tests/e2e/fault-timeout-trickle.sh \
	tests/e2e/headers-added.sh \
	tests/e2e/headers-from-added.sh \
	tests/e2e/helo-fallback.sh \
	tests/e2e/host-port-override.sh \
	tests/e2e/host-unix-socket.sh \
	tests/e2e/logfile-line.sh \
	tests/e2e/multiline-replies.sh \
	tests/e2e/no-final-newline.sh \
	tests/e2e/pipelining-not-offered.sh \
	tests/e2e/pipelining-used.sh \
	tests/e2e/read-recipients-t.sh \
	tests/e2e/recipient-comma-list.sh \
	tests/e2e/send-plain.sh \
	tests/e2e/send-several-rcpts.sh \
	tests/e2e/sender-forms.sh \
	tests/e2e/size-declared.sh \
	tests/e2e/tls-bad-certificates.sh \
	tests/e2e/tls-client-certificate.sh \
	tests/e2e/tls-fingerprint.sh \
	tests/e2e/tls-handshake-timeout.sh \
	tests/e2e/tls-implicit.sh \
	tests/e2e/tls-serverinfo.sh \
	tests/e2e/tls-starttls-refused.sh \
	tests/e2e/tls-starttls.sh \
	tests/e2e/tls-verify-off.sh \
	tests/e2e/transcript-file.sh \
	tests/e2e/usage-no-recipients.sh \
	tests/e2e/usage-unknown-flag.sh \
	tests/e2e/verbose-dialogue.sh \
	tests/e2e/version.sh

TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/lib.sh tests/certs.sh tests/smtpd.py tests/faultd.py \
	tests/e2e/data
