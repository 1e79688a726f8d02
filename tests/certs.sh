# Throwaway certificates for the TLS tests, made with certtool at test
# time (never committed): make_certs DIR writes into DIR
#   ca.pem              the test CA
#   good.pem/key        localhost and 127.0.0.1, signed by the CA
#   wronghost.pem/key   wrong.example only, signed by the CA
#   expired.pem/key     localhost and 127.0.0.1, expired, signed by the CA
#   self.pem/key        localhost and 127.0.0.1, self-signed
#   client.pem/key      a client certificate (CN postie-client), by the CA
# Keys are ECDSA P-256: quick to make.

_cert_key()
{
	"$CERTTOOL" --generate-privkey --key-type=ecdsa \
	    --outfile "$1" >/dev/null 2>&1 || hard_error "certtool: cannot make $1"
}

# _cert_sign DIR NAME TEMPLATE-LINES...: NAME.pem signed by the CA.
_cert_sign()
{
	_d=$1 _n=$2
	shift 2
	printf '%s\n' "$@" >"$_d/$_n.tmpl"
	_cert_key "$_d/$_n.key"
	"$CERTTOOL" --generate-certificate --load-privkey "$_d/$_n.key" \
	    --load-ca-certificate "$_d/ca.pem" --load-ca-privkey "$_d/ca.key" \
	    --template "$_d/$_n.tmpl" --outfile "$_d/$_n.pem" >/dev/null 2>&1 ||
	    hard_error "certtool: cannot make $_n.pem"
}

make_certs()
{
	command -v "$CERTTOOL" >/dev/null 2>&1 || skip "certtool is not installed"
	_d=$1
	mkdir -p "$_d"
	_cert_key "$_d/ca.key"
	printf '%s\n' 'cn = "postie test CA"' ca cert_signing_key \
	    'expiration_days = 2' >"$_d/ca.tmpl"
	"$CERTTOOL" --generate-self-signed --load-privkey "$_d/ca.key" \
	    --template "$_d/ca.tmpl" --outfile "$_d/ca.pem" >/dev/null 2>&1 ||
	    hard_error "certtool: cannot make the CA"
	_cert_sign "$_d" good 'cn = "localhost"' 'dns_name = "localhost"' \
	    'ip_address = "127.0.0.1"' tls_www_server 'expiration_days = 2'
	_cert_sign "$_d" wronghost 'cn = "wrong.example"' \
	    'dns_name = "wrong.example"' tls_www_server 'expiration_days = 2'
	_cert_sign "$_d" expired 'cn = "localhost"' 'dns_name = "localhost"' \
	    'ip_address = "127.0.0.1"' tls_www_server \
	    'activation_date = "2020-01-01 00:00:00 UTC"' \
	    'expiration_date = "2020-02-01 00:00:00 UTC"'
	_cert_sign "$_d" client 'cn = "postie-client"' tls_www_client \
	    'expiration_days = 2'
	_cert_key "$_d/self.key"
	printf '%s\n' 'cn = "localhost"' 'dns_name = "localhost"' \
	    'ip_address = "127.0.0.1"' tls_www_server 'expiration_days = 2' \
	    >"$_d/self.tmpl"
	"$CERTTOOL" --generate-self-signed --load-privkey "$_d/self.key" \
	    --template "$_d/self.tmpl" --outfile "$_d/self.pem" >/dev/null 2>&1 ||
	    hard_error "certtool: cannot make self.pem"
}

# cert_fingerprint FILE: "sha256:AB:CD:..." of a PEM certificate.
cert_fingerprint()
{
	"$CERTTOOL" --certificate-info --infile "$1" 2>/dev/null |
	    sed -n '/^[[:space:]]*Fingerprint:/,/sha256:/s/^[[:space:]]*sha256:\([0-9a-f]*\)$/\1/p' |
	    sed 's/\(..\)/\1:/g; s/:$//; y/abcdef/ABCDEF/; s/^/sha256:/'
}
