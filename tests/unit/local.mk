# Unit tests: one program per module, table-driven, exit 0/1.
UNIT_TESTS = \
	tests/unit/test_addr \
	tests/unit/test_aliases \
	tests/unit/test_auth \
	tests/unit/test_cmdline \
	tests/unit/test_conf \
	tests/unit/test_header \
	tests/unit/test_nonce \
	tests/unit/test_queue \
	tests/unit/test_reply \
	tests/unit/test_secret \
	tests/unit/test_smtp \
	tests/unit/test_spool

check_PROGRAMS += $(UNIT_TESTS)
# It calls GnuTLS's base64 itself, to build its inputs.
tests_unit_test_auth_LDADD = $(LDADD) $(GNUTLS_LIBS)
TESTS += $(UNIT_TESTS)
EXTRA_DIST += tests/unit/t.h tests/paced.h
