#!/bin/bash
# make_cert.sh DIR — a private test CA and a server certificate for the TLS receivers.
#
# Creates DIR/ca.pem + DIR/ca.key (a self-signed test CA) and DIR/server.pem + DIR/server.key
# (CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1, signed by that CA), all EC P-256
# and valid for 2 days. A client given CAINFO=DIR/ca.pem accepts the server certificate on
# https://127.0.0.1, https://localhost, smtp(s)://127.0.0.1 and smtp(s)://localhost.
# Quiet on success; on failure prints openssl's messages and exits 1.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
log="$dir/make_cert.log"
: > "$log"
trap 'rc=$?; [ $rc -eq 0 ] || { cat "$log" >&2; echo "make_cert.sh: failed" >&2; }' EXIT
umask 077

# The CA: self-signed, allowed to sign certificates and nothing else.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 2 \
	-subj "/O=newswatch tests/CN=newswatch test CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash" \
	-keyout "$dir/ca.key" -out "$dir/ca.pem" >>"$log" 2>&1

# The server: a key and a request, then the CA signs it with the extensions below.
cat > "$dir/server.ext" <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
EXT
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
	-subj "/O=newswatch tests/CN=localhost" \
	-keyout "$dir/server.key" -out "$dir/server.csr" >>"$log" 2>&1
openssl x509 -req -sha256 -days 2 -in "$dir/server.csr" \
	-CA "$dir/ca.pem" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
	-extfile "$dir/server.ext" -out "$dir/server.pem" >>"$log" 2>&1
rm -f "$dir/server.csr" "$dir/server.ext"
chmod 644 "$dir/ca.pem" "$dir/server.pem"

openssl verify -CAfile "$dir/ca.pem" "$dir/server.pem" >>"$log" 2>&1
rm -f "$log"
