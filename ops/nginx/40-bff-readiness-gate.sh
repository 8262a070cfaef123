#!/bin/sh
# Active health checks for open-source nginx (which has only passive ones), run by the nginx image's entrypoint
# before nginx starts: writes /etc/nginx/bff-upstreams/bff.conf with every replica of BFF_REPLICAS, then, in the
# background, probes each replica's /health/ready every GATE_INTERVAL_S seconds and, when the set of ready
# replicas changes, rewrites the file with the others marked `down` and reloads nginx. A draining replica
# (SIGTERM: readiness 503 for SHUTDOWN_DRAIN_DELAY_MS while it still serves) leaves rotation before it stops
# accepting connections. The same gate as `npm run start:ha`'s (scripts/ha/readiness-gate.js), in shell.
#   BFF_REPLICAS="web-bff=web-bff-1:3001,web-bff-2:3001 mobile-bff=mobile-bff-1:3002,mobile-bff-2:3002"
set -eu
: "${BFF_REPLICAS:?set BFF_REPLICAS to name=host:port,host:port ...}"
INTERVAL="${GATE_INTERVAL_S:-1}"
DIR=/etc/nginx/bff-upstreams
mkdir -p "$DIR"

# Renders the upstream blocks; with "probe", a replica whose readiness is not 200 is `down`.
render() {
  for group in $BFF_REPLICAS; do
    name="${group%%=*}"
    echo "upstream $name {"
    echo "  zone $name 64k;"
    for replica in $(echo "${group#*=}" | tr ',' ' '); do
      mark=""
      if [ "$1" = probe ] && ! wget -q -T 1 -O /dev/null "http://$replica/health/ready" 2>/dev/null; then
        mark=" down"
      fi
      echo "  server $replica resolve max_fails=1 fail_timeout=5s$mark;"
    done
    echo "  keepalive 64;"
    echo "  keepalive_timeout 60s;"
    echo "  keepalive_requests 100000;"
    echo "}"
  done
}

# compose starts nginx once every replica is healthy: all in rotation at first.
render all > "$DIR/bff.conf"

(
  last="$(cat "$DIR/bff.conf")"
  while sleep "$INTERVAL"; do
    next="$(render probe)"
    if [ "$next" != "$last" ]; then
      printf '%s\n' "$next" > "$DIR/bff.conf"
      echo "bff-readiness-gate: rotation changed: $(printf '%s\n' "$next" | grep -c ' down;') replica(s) down" >&2
      nginx -s reload || true
      last="$next"
    fi
  done
) &
