#!/bin/bash
# Makes a self-signed certificate on first start (kept on the /etc/parley-tls volume, so it survives restarts), writes
# the nginx configuration with this network's DNS server (upstreams are resolved per request, so the proxy starts
# before the services it fronts and follows them when they restart), and runs nginx in the foreground.
set -euo pipefail
tls=/etc/parley-tls
host=${PARLEY_TLS_HOSTNAME:-localhost}
if [ ! -s "$tls/tls.crt" ] || [ ! -s "$tls/tls.key" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days "${PARLEY_TLS_DAYS:-825}" -subj "/CN=$host" \
    -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
    -keyout "$tls/tls.key.tmp" -out "$tls/tls.crt.tmp" 2>/dev/null
  mv "$tls/tls.key.tmp" "$tls/tls.key" && mv "$tls/tls.crt.tmp" "$tls/tls.crt"
  echo "parley-proxy: made a self-signed certificate for $host in $tls/tls.crt"
fi
resolver=$(awk '/^nameserver/ { print ($2 ~ /:/ ? "[" $2 "]" : $2); exit }' /etc/resolv.conf)
conf=/tmp/nginx.conf
sed -e "s|@RESOLVER@|${resolver:-127.0.0.11}|" \
  -e "s|@WEB@|${PARLEY_WEB_UPSTREAM:-web:3000}|" \
  -e "s|@GATEWAY@|${PARLEY_GATEWAY_UPSTREAM:-gateway:8080}|" \
  -e "s|@PUBLIC_URL@|${PARLEY_PUBLIC_URL:-https://\$host}|" \
  -e "s|@IDENTITY@|${PARLEY_IDENTITY_UPSTREAM:-identity:8082}|" \
  /etc/nginx/parley.conf.template >"$conf"
exec nginx -c "$conf" -g 'daemon off;'
