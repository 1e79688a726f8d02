# End-to-end tests: the real postie binary against real servers
# (tests/smtpd.py, tests/faultd.py), with the helpers of tests/lib.sh.
E2E_TESTS = \
	tests/e2e/account-select.sh \
	tests/e2e/aliases-errors.sh \
	tests/e2e/aliases-expand.sh \
	tests/e2e/as-newaliases.sh \
	tests/e2e/as-sendmail.sh \
	tests/e2e/auth-external.sh \
	tests/e2e/auth-faults.sh \
	tests/e2e/auth-password-sources.sh \
	tests/e2e/auth-plain-login.sh \
	tests/e2e/auth-sasl-mechanisms.sh \
	tests/e2e/auth-secrets-hidden.sh \
	tests/e2e/bcc-removed.sh \
	tests/e2e/body-50mb.sh \
	tests/e2e/body-8bit-no-8bitmime.sh \
	tests/e2e/body-8bit.sh \
	tests/e2e/body-empty.sh \
	tests/e2e/body-raw-bytes.sh \
	tests/e2e/bs-failures.sh \
	tests/e2e/bs-garbage.sh \
	tests/e2e/bs-partial.sh \
	tests/e2e/bs-session.sh \
	tests/e2e/caller-anacron.sh \
	tests/e2e/caller-atd.sh \
	tests/e2e/caller-cron-list.sh \
	tests/e2e/caller-cron.sh \
	tests/e2e/caller-git-send-email.sh \
	tests/e2e/caller-mailutils.sh \
	tests/e2e/caller-mutt.sh \
	tests/e2e/caller-php-mail.sh \
	tests/e2e/caller-rss2email.sh \
	tests/e2e/chunking.sh \
	tests/e2e/config-missing.sh \
	tests/e2e/dead-letter.sh \
	tests/e2e/diagnose.sh \
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
	tests/e2e/fault-rcpt-mixed-refusals.sh \
	tests/e2e/fault-timeout-greeting.sh \
	tests/e2e/fault-timeout-stall.sh \
	tests/e2e/fault-timeout-trickle.sh \
	tests/e2e/gnutls-on-demand.sh \
	tests/e2e/harden-hostile-replies.sh \
	tests/e2e/harden-injection.sh \
	tests/e2e/harden-limits.sh \
	tests/e2e/harden-long-arguments.sh \
	tests/e2e/harden-signals.sh \
	tests/e2e/harden-stdio-closed.sh \
	tests/e2e/harden-tls-close.sh \
	tests/e2e/harden-unasked-reply.sh \
	tests/e2e/headers-added.sh \
	tests/e2e/headers-block-end.sh \
	tests/e2e/headers-date-zone.sh \
	tests/e2e/headers-from-added.sh \
	tests/e2e/headers-from-encoded.sh \
	tests/e2e/headers-qualify.sh \
	tests/e2e/headers-set-from.sh \
	tests/e2e/helo-fallback.sh \
	tests/e2e/home-foreign.sh \
	tests/e2e/host-port-override.sh \
	tests/e2e/host-unix-socket.sh \
	tests/e2e/logfile-line.sh \
	tests/e2e/memory-constant.sh \
	tests/e2e/multiline-replies.sh \
	tests/e2e/no-final-newline.sh \
	tests/e2e/pipelining-not-offered.sh \
	tests/e2e/pipelining-used.sh \
	tests/e2e/pretend.sh \
	tests/e2e/queue-concurrent.sh \
	tests/e2e/queue-dir-durable.sh \
	tests/e2e/queue-drop-mid-data.sh \
	tests/e2e/queue-fallback.sh \
	tests/e2e/queue-group-failed.sh \
	tests/e2e/queue-kill.sh \
	tests/e2e/queue-lifetime.sh \
	tests/e2e/queue-odq.sh \
	tests/e2e/queue-partial.sh \
	tests/e2e/queue-run-log.sh \
	tests/e2e/queue-run-pipelined.sh \
	tests/e2e/queue-server-down.sh \
	tests/e2e/queue-unwritable.sh \
	tests/e2e/read-recipients-bad-header.sh \
	tests/e2e/read-recipients-resent.sh \
	tests/e2e/read-recipients-t.sh \
	tests/e2e/recipient-comma-list.sh \
	tests/e2e/send-plain.sh \
	tests/e2e/send-several-rcpts.sh \
	tests/e2e/sender-forms.sh \
	tests/e2e/setgid-caller-config.sh \
	tests/e2e/size-declared.sh \
	tests/e2e/size-over-limit.sh \
	tests/e2e/smtputf8-offered.sh \
	tests/e2e/smtputf8-refused.sh \
	tests/e2e/stream-file.sh \
	tests/e2e/stream-large.sh \
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
	tests/e2e/verify-mode.sh \
	tests/e2e/version.sh

TESTS += $(E2E_TESTS)

# Runs a program and reports its peak memory, for memory-constant.sh;
# built without sanitizers so that its own memory stays small.
check_PROGRAMS += tests/maxrss
tests_maxrss_SOURCES = tests/maxrss.c
tests_maxrss_CFLAGS = $(WARN_CFLAGS)
tests_maxrss_LDFLAGS =
tests_maxrss_LDADD =
EXTRA_DIST += $(E2E_TESTS) tests/lib.sh tests/certs.sh tests/smtpd.py tests/faultd.py \
	tests/e2e/data
