'use strict';
/**
 * The nginx configuration of the HA stack, rendered from the topology (pure: a function of its input, tested
 * by reading). Open-source nginx checks its upstreams only passively (`max_fails`), so the launcher's
 * readiness gate (readiness-gate.js) probes each replica's `/health/ready` and renders the file again with the
 * replicas that are not ready marked `down`, then reloads nginx: a draining replica leaves rotation before it
 * stops accepting connections.
 *
 * What nginx does with a request (keep-alive, retries only for idempotent requests to a replica that could not be
 * reached, timeouts) lives in ops/nginx/bff-proxy.conf, included here and by the docker compose nginx.
 */

const path = require('node:path');

/** The proxy directives both stacks share. */
const PROXY_CONF = path.resolve(__dirname, '../../ops/nginx/bff-proxy.conf');

/** Seconds nginx keeps an idle connection to a replica: below fastify's 72 s, so nginx closes it first. */
const UPSTREAM_KEEPALIVE_TIMEOUT_S = 60;

/**
 * The replicas as rendered: those not ready are `down`, except when none is ready, where all are kept (Envoy's
 * panic threshold): a set of replicas all failing their probe at once is more likely a slow probe or a shared
 * dependency than a fleet that cannot answer, and trying them beats refusing every request with a 502.
 */
function inRotation(replicas) {
  return replicas.every((r) => r.down) ? replicas.map((r) => ({ ...r, down: false })) : replicas;
}

/**
 * Renders nginx.conf. `sites`: one per BFF, `{ name, port, replicas: [{ address: '127.0.0.1:40123', down }] }`,
 * served over TLS on 127.0.0.1:port; `tlsUpstreams`: `{ name, port, target }`, an https front for a plain-HTTP
 * upstream service (the BFFs reach it with the CA bundle).
 * Example: `renderNginxConfig({ dir, tls: { cert, key }, sites: [{ name: 'mobile-bff', port: 8443, replicas }] })`.
 */
function renderNginxConfig({ dir, tls, sites, tlsUpstreams = [], workers = 1, host = '127.0.0.1' }) {
  const upstreams = sites.map(
    ({ name, replicas }) => `
  upstream ${name} {
${inRotation(replicas)
  .map((r) => `    server ${r.address} max_fails=1 fail_timeout=5s${r.down ? ' down' : ''};`)
  .join('\n')}
    keepalive 64;
    keepalive_timeout ${UPSTREAM_KEEPALIVE_TIMEOUT_S}s;
    keepalive_requests 100000;
  }`,
  );
  const servers = sites.map(
    ({ name, port }) => `
  server {
    listen ${host}:${port} ssl;
    location / {
      proxy_pass http://${name};
    }
  }`,
  );
  const fronts = tlsUpstreams.map(
    ({ name, port, target }) => `
  # ${name} over https
  server {
    listen ${host}:${port} ssl;
    access_log ${dir}/upstreams.log lb;
    location / {
      proxy_pass ${target};
    }
  }`,
  );
  return `# Rendered by scripts/ha/nginx-config.js; the HA launcher rewrites it when a replica's readiness changes.
daemon off;
worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;

events {
  worker_connections 4096;
}

http {
  log_format lb '$msec $request_method $status $request_time "$upstream_addr" "$upstream_status"';
  access_log ${dir}/access.log lb;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  ssl_certificate ${tls.cert};
  ssl_certificate_key ${tls.key};
  include ${PROXY_CONF};

${upstreams.join('\n')}
${servers.join('\n')}
${fronts.join('\n')}
}
`;
}

module.exports = { renderNginxConfig, UPSTREAM_KEEPALIVE_TIMEOUT_S, PROXY_CONF };
