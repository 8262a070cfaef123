import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Principal } from '@bff/core';

/** Options of {@link keyFor}. */
export interface RateLimitKeyOptions {
  /** `caller` (default): the client or user itself; `tenant`: everyone of the principal's tenant shares one quota. */
  scope?: 'caller' | 'tenant';
  /** IPv6 callers are counted per network of this many leading bits (one host usually owns a /64). Default is 64. */
  ipv6PrefixBits?: number;
}

/** Longest key part kept as is; longer ones are replaced by their SHA-256. */
const MAX_PART_LENGTH = 200;

/**
 * The quota key of a request, from the verified principal only (never from a header the client sent), else from
 * the client's address: `client:<client id>`, `user:<subject>`, `tenant:<tenant>` or `ip:<address>`. The kind
 * prefix keeps a user id and an address from ever colliding; parts are percent-encoded, so no `:`, `{` or `}` of
 * a subject reaches the store key.
 * @example keyFor(principal, request.ip) // 'user:u1'; keyFor(undefined, '2001:db8::1') // 'ip:2001:db8:0:0::/64'
 */
export function keyFor(
  principal: Principal | undefined,
  clientIp: string,
  options: RateLimitKeyOptions = {},
): string {
  if (principal !== undefined) {
    if (options.scope === 'tenant' && principal.tenant) return `tenant:${part(principal.tenant)}`;
    if (principal.kind === 'client') return `client:${part(principal.clientId ?? principal.subject)}`;
    return `user:${part(principal.subject)}`;
  }
  return `ip:${normalizeIp(clientIp, options.ipv6PrefixBits ?? 64)}`;
}

function part(value: string): string {
  const encoded = encodeURIComponent(value);
  if (encoded.length <= MAX_PART_LENGTH) return encoded;
  return `sha256.${createHash('sha256').update(value).digest('base64url')}`;
}

/**
 * An address as a quota key: IPv4 as is, IPv4-mapped IPv6 as its IPv4, other IPv6 masked to `prefixBits`;
 * anything else (missing, malformed) as `unknown` (one shared, strict bucket).
 */
export function normalizeIp(ip: string, prefixBits = 64): string {
  if (typeof ip !== 'string') return 'unknown';
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return 'unknown';
  const groups = expandIPv6(ip.toLowerCase());
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  }
  const bits = Math.max(0, Math.min(128, Math.floor(prefixBits)));
  const masked = groups.map(function mask(group, i) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff;
  });
  const kept = Math.ceil(bits / 16);
  const head = masked.slice(0, kept).map((g) => g.toString(16));
  return bits === 128 ? head.join(':') : `${head.join(':')}::/${bits}`;
}

/** Eight 16-bit groups of a valid IPv6 address (zone removed, embedded IPv4 converted). */
function expandIPv6(ip: string): number[] {
  let address = ip.split('%')[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    address = `${address.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = address.split('::');
  const head = left ? left.split(':') : [];
  const tail = right === undefined ? [] : right ? right.split(':') : [];
  const fill = right === undefined ? [] : new Array<string>(8 - head.length - tail.length).fill('0');
  return [...head, ...fill, ...tail].map((group) => parseInt(group, 16));
}
