/*
 * GnuTLS, loaded when first needed. postie does not link it: a plaintext
 * send or --version would otherwise pay for loading and relocating
 * libgnutls and the eight libraries it needs (on Debian 12). Modules
 * include this file instead of GnuTLS's headers and call gtls_load()
 * before their first GnuTLS call; the calls stay as written and are
 * type-checked against GnuTLS's own prototypes, through pointers that
 * gtls_load fills.
 */
#ifndef POSTIE_GTLS_H
#define POSTIE_GTLS_H

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

struct err;

/*
 * Every GnuTLS symbol postie uses, one a line. A call missing here
 * does not link, as postie is not linked with GnuTLS. gnutls_free is a
 * variable (of type gnutls_free_function), not a function: its pointer
 * is the variable's address. gnutls_transport_set_int is GnuTLS's
 * macro for gnutls_transport_set_int2.
 */
#define GTLS_SYMBOLS(X) \
	X(gnutls_base64_decode2) \
	X(gnutls_base64_encode2) \
	X(gnutls_bye) \
	X(gnutls_certificate_allocate_credentials) \
	X(gnutls_certificate_free_credentials) \
	X(gnutls_certificate_get_peers) \
	X(gnutls_certificate_set_x509_key_file) \
	X(gnutls_certificate_set_x509_system_trust) \
	X(gnutls_certificate_set_x509_trust_file) \
	X(gnutls_certificate_verification_status_print) \
	X(gnutls_certificate_verify_peers3) \
	X(gnutls_credentials_set) \
	X(gnutls_deinit) \
	X(gnutls_error_is_fatal) \
	X(gnutls_free) \
	X(gnutls_handshake) \
	X(gnutls_hash_fast) \
	X(gnutls_hmac_fast) \
	X(gnutls_init) \
	X(gnutls_pbkdf2) \
	X(gnutls_priority_set_direct) \
	X(gnutls_protocol_get_name) \
	X(gnutls_protocol_get_version) \
	X(gnutls_record_check_pending) \
	X(gnutls_record_get_direction) \
	X(gnutls_record_recv) \
	X(gnutls_record_send) \
	X(gnutls_rnd) \
	X(gnutls_server_name_set) \
	X(gnutls_session_get_desc) \
	X(gnutls_strerror) \
	X(gnutls_transport_set_int2) \
	X(gnutls_x509_crt_deinit) \
	X(gnutls_x509_crt_get_activation_time) \
	X(gnutls_x509_crt_get_dn2) \
	X(gnutls_x509_crt_get_expiration_time) \
	X(gnutls_x509_crt_get_issuer_dn2) \
	X(gnutls_x509_crt_import) \
	X(gnutls_x509_crt_init)

/* Before the #defines below, which would rename what is declared. */
#define GTLS_DECLARE(name)	extern __typeof__(name) *gtls_##name;
GTLS_SYMBOLS(GTLS_DECLARE)
#undef GTLS_DECLARE

/*
 * Loads GnuTLS (GNUTLS_SONAME) and resolves every symbol above, once:
 * later calls return 0 at once. A library that cannot be loaded is a
 * local installation problem, reported as EX_TEMPFAIL naming the library
 * and the loader's reason: that is the code with which a message is
 * queued or saved to dead_letter (and a queue run defers it), so it waits
 * for the fix instead of being lost.
 */
int	gtls_load(struct err *);

/*
 * The calls, renamed to go through the pointers. Not for gtls.c, which
 * names the pointers themselves: a preprocessor may expand an X-macro
 * argument even beside ## (cppcheck's does).
 */
#ifndef GTLS_LOADER
#define gnutls_base64_decode2	(*gtls_gnutls_base64_decode2)
#define gnutls_base64_encode2	(*gtls_gnutls_base64_encode2)
#define gnutls_bye		(*gtls_gnutls_bye)
#define gnutls_certificate_allocate_credentials \
	(*gtls_gnutls_certificate_allocate_credentials)
#define gnutls_certificate_free_credentials \
	(*gtls_gnutls_certificate_free_credentials)
#define gnutls_certificate_get_peers	(*gtls_gnutls_certificate_get_peers)
#define gnutls_certificate_set_x509_key_file \
	(*gtls_gnutls_certificate_set_x509_key_file)
#define gnutls_certificate_set_x509_system_trust \
	(*gtls_gnutls_certificate_set_x509_system_trust)
#define gnutls_certificate_set_x509_trust_file \
	(*gtls_gnutls_certificate_set_x509_trust_file)
#define gnutls_certificate_verification_status_print \
	(*gtls_gnutls_certificate_verification_status_print)
#define gnutls_certificate_verify_peers3 \
	(*gtls_gnutls_certificate_verify_peers3)
#define gnutls_credentials_set	(*gtls_gnutls_credentials_set)
#define gnutls_deinit		(*gtls_gnutls_deinit)
#define gnutls_error_is_fatal	(*gtls_gnutls_error_is_fatal)
/* GnuTLS's own macro also sets its argument to NULL: so does this one. */
#undef gnutls_free
#define gnutls_free(a)		(*gtls_gnutls_free)((void *)(a)), (a) = NULL
#define gnutls_handshake	(*gtls_gnutls_handshake)
#define gnutls_hash_fast	(*gtls_gnutls_hash_fast)
#define gnutls_hmac_fast	(*gtls_gnutls_hmac_fast)
#define gnutls_init		(*gtls_gnutls_init)
#define gnutls_pbkdf2		(*gtls_gnutls_pbkdf2)
#define gnutls_priority_set_direct	(*gtls_gnutls_priority_set_direct)
#define gnutls_protocol_get_name	(*gtls_gnutls_protocol_get_name)
#define gnutls_protocol_get_version	(*gtls_gnutls_protocol_get_version)
#define gnutls_record_check_pending	(*gtls_gnutls_record_check_pending)
#define gnutls_record_get_direction	(*gtls_gnutls_record_get_direction)
#define gnutls_record_recv	(*gtls_gnutls_record_recv)
#define gnutls_record_send	(*gtls_gnutls_record_send)
#define gnutls_rnd		(*gtls_gnutls_rnd)
#define gnutls_server_name_set	(*gtls_gnutls_server_name_set)
#define gnutls_session_get_desc	(*gtls_gnutls_session_get_desc)
#define gnutls_strerror		(*gtls_gnutls_strerror)
#define gnutls_transport_set_int2	(*gtls_gnutls_transport_set_int2)
#define gnutls_x509_crt_deinit	(*gtls_gnutls_x509_crt_deinit)
#define gnutls_x509_crt_get_activation_time \
	(*gtls_gnutls_x509_crt_get_activation_time)
#define gnutls_x509_crt_get_dn2	(*gtls_gnutls_x509_crt_get_dn2)
#define gnutls_x509_crt_get_expiration_time \
	(*gtls_gnutls_x509_crt_get_expiration_time)
#define gnutls_x509_crt_get_issuer_dn2	(*gtls_gnutls_x509_crt_get_issuer_dn2)
#define gnutls_x509_crt_import	(*gtls_gnutls_x509_crt_import)
#define gnutls_x509_crt_init	(*gtls_gnutls_x509_crt_init)
#endif /* !GTLS_LOADER */

#endif
