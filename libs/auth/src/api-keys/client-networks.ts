import { BlockList, isIP } from 'node:net';

/**
 * Whether `entry` is an IPv4 or IPv6 network in CIDR form (`203.0.113.0/24`, `2001:db8::/32`) or a single
 * address (`198.51.100.7`).
 * @example isNetwork('10.0.0.0/8') // true
 */
export function isNetwork(entry: unknown): entry is string {
  if (typeof entry !== 'string') return false;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * The networks a key may be used from, as a matcher built once per record (Node's `BlockList`, which compares
 * addresses as numbers, so `::ffff:`-mapped IPv4 clients match IPv4 networks).
 * @example const allowed = clientNetworks(['10.0.0.0/8']); allowed('10.1.2.3') // true
 */
export function clientNetworks(entries: readonly string[]): (address: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    if (address === undefined) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const plain = mapped ? mapped[1] : address;
    const family = isIP(plain);
    if (family === 0) return false;
    return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
