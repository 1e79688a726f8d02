# Real-client tests: the Debian programs that call sendmail (PHP, mail
# user agents, git, Perl/Ruby/Node libraries) run with postie as their
# sendmail, and the daemons' calls (cron, anacron, atd, sudo,
# unattended-upgrades) replayed as they make them; tests/clients/packages
# lists the Debian packages they need. A test whose client is missing is
# skipped.
CLIENT_TESTS = \
	tests/clients/anacron.sh \
	tests/clients/atd.sh \
	tests/clients/bsd-mailx.sh \
	tests/clients/cron.sh \
	tests/clients/git-send-email.sh \
	tests/clients/git-send-email-451-reason.sh \
	tests/clients/hg-email.sh \
	tests/clients/mailutils.sh \
	tests/clients/mutt.sh \
	tests/clients/neomutt.sh \
	tests/clients/nodemailer.sh \
	tests/clients/perl-email-sender.sh \
	tests/clients/perl-mail-mailer.sh \
	tests/clients/perl-mime-lite.sh \
	tests/clients/php-mail.sh \
	tests/clients/php-mail-tempfail.sh \
	tests/clients/phpmailer.sh \
	tests/clients/ruby-mail.sh \
	tests/clients/s-nail.sh \
	tests/clients/sudo.sh \
	tests/clients/symfony-mailer.sh \
	tests/clients/symfony-mailer-t-dots.sh \
	tests/clients/unattended-upgrades.sh

TESTS += $(CLIENT_TESTS)

# Known differences from what the client expects, each explained at the
# top of its test; an unexpected pass means it is time to move the test
# out of this list.
XFAIL_TESTS = \
	tests/clients/symfony-mailer-t-dots.sh

EXTRA_DIST += $(CLIENT_TESTS) tests/clients/common.sh \
	tests/clients/check_msg.py tests/clients/packages tests/clients/data

# nodemailer.sh installs nodemailer from npm once into the build tree.
clean-local: clean-clients-node
clean-clients-node:
	-rm -rf tests/clients/node
.PHONY: clean-clients-node
