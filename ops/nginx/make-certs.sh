#!/bin/sh
# The compose stack's certificates (the `certs` service): a private CA and a server certificate it signs for the
# names clients use (localhost, 127.0.0.1, nginx), written once into the `certs` volume. The same certificates
# as scripts/ha/tls.js issues for `npm run start:ha`. Trust /certs/ca.pem (docker compose cp nginx:/certs/ca.pem .).
set -eu
cd /certs
[ -f server.pem ] && exit 0
apk add --no-cache openssl >/dev/null
printf '%s\n' 'subjectAltName=DNS:localhost,DNS:nginx,IP:127.0.0.1' 'basicConstraints=critical,CA:FALSE' \
  'keyUsage=critical,digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' > server.ext
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 365 \
  -subj '/CN=BFF compose CA' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj '/CN=localhost'
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 365 -extfile server.ext
chmod 644 ca.pem server.pem
chmod 640 server.key
