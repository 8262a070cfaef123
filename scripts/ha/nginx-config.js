'use strict';
/**
 * The nginx configuration of the HA stack, rendered from the topology (pure: a function of its input, tested
 * by reading). Open-source nginx checks its upstreams only passively (`max_fails`), so the launcher's
 * readiness gate (readiness-gate.js) probes each replica's `/health/ready` and renders the file again with the
 * replicas that are not ready marked `down`, then reloads nginx: a draining replica leaves rotation before it
 * stops accepting connections.
 *
 * Retries across replicas (`proxy_next_upstream error timeout`): only when a replica could not be reached or
 * did not answer, and never for a non-idempotent request (`non_idempotent` is not set, so a POST that reached a
 * replica which then died fails instead of running twice). A BFF's own 502/503/504 is an answer about an
 * upstream service, not about the replica: retrying it elsewhere would multiply the load on a failing upstream
 * the BFF already retries within its budget.
 */

/** Seconds nginx keeps an idle connection to a replica: below fastify's 72 s, so nginx closes it first. */
const UPSTREAM_KEEPALIVE_TIMEOUT_S = 60;

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
${replicas.map((r) => `    server ${r.address} max_fails=1 fail_timeout=5s${r.down ? ' down' : ''};`).join('\n')}
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
  server_tokens off;
  client_max_body_size 2m;
  keepalive_requests 100000;

  ssl_certificate ${tls.cert};
  ssl_certificate_key ${tls.key};
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache shared:SSL:1m;

  # Keep-alive to the replicas: HTTP/1.1 and no "Connection: close" forwarded.
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host $host;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_connect_timeout 1s;
  proxy_read_timeout 30s;
  # Another replica only when this one could not be reached or did not answer; idempotent methods only
  # (no non_idempotent), and never for the BFF's own 5xx answers.
  proxy_next_upstream error timeout;
  proxy_next_upstream_tries 3;
  proxy_next_upstream_timeout 10s;
${upstreams.join('\n')}
${servers.join('\n')}
${fronts.join('\n')}
}
`;
}

module.exports = { renderNginxConfig, UPSTREAM_KEEPALIVE_TIMEOUT_S };
