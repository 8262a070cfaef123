/** One BFF behind nginx: its TLS listener and its replicas (`down` ones get no traffic). */
export interface NginxSite {
  name: string;
  port: number;
  replicas: { address: string; down?: boolean }[];
}

export function renderNginxConfig(options: {
  dir: string;
  tls: { cert: string; key: string };
  sites: NginxSite[];
  tlsUpstreams?: { name: string; port: number; target: string }[];
  workers?: number;
  host?: string;
}): string;

export const UPSTREAM_KEEPALIVE_TIMEOUT_S: number;

/** Path of ops/nginx/bff-proxy.conf, the proxy directives start:ha and docker compose share. */
export const PROXY_CONF: string;
