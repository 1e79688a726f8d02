# End-to-end tests: the real postie binary against real servers.
E2E_TESTS =

TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/lib.sh tests/smtpd.py tests/faultd.py
