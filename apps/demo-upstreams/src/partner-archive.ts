import {
  createPrng,
  orderTotal,
  type Order,
  type OrderItem,
  type OrderStatus,
  type SeedData,
} from './seed-data';

/**
 * Partners with an order archive, and its size: older orders than the seeded history (all of 2023), generated
 * on first use so a start stays fast. acme's archive is large enough for an export job to take a while.
 */
export const PARTNER_ARCHIVES: Readonly<Record<string, number>> = { 'partner-acme': 10_000 };
/** The archive spans `[ARCHIVE_FROM, ARCHIVE_TO)`, before every seeded order. */
export const ARCHIVE_FROM = '2023-01-01T00:00:00.000Z';
export const ARCHIVE_TO = '2024-01-01T00:00:00.000Z';
const ARCHIVE_SEED = 20230101;
const STATUSES: readonly OrderStatus[] = ['delivered', 'delivered', 'delivered', 'cancelled', 'shipped'];

const cache = new WeakMap<SeedData, Map<string, readonly Order[]>>();

/**
 * A partner's archived orders, oldest first, with ids `<partner>-a1`..: deterministic (one seeded PRNG per
 * partner) and built once per data set. Empty for a partner without an archive.
 * @example partnerArchive(data, 'partner-acme').length // 10000
 */
export function partnerArchive(data: SeedData, partnerId: string): readonly Order[] {
  const count = PARTNER_ARCHIVES[partnerId];
  if (count === undefined) return [];
  let byPartner = cache.get(data);
  if (!byPartner) cache.set(data, (byPartner = new Map()));
  let orders = byPartner.get(partnerId);
  if (!orders) byPartner.set(partnerId, (orders = generate(data, partnerId, count)));
  return orders;
}

function generate(data: SeedData, partnerId: string, count: number): Order[] {
  const rand = createPrng(ARCHIVE_SEED);
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
  const start = Date.parse(ARCHIVE_FROM);
  const step = (Date.parse(ARCHIVE_TO) - start) / count;
  const productCount = data.products.size;
  const orders: Order[] = [];
  for (let n = 0; n < count; n++) {
    const items: OrderItem[] = [];
    for (let k = int(1, 3); k > 0; k--) {
      const productId = `p${int(1, productCount)}`;
      items.push({ productId, quantity: int(1, 3), unitPrice: data.products.get(productId)!.price });
    }
    orders.push({
      id: `${partnerId}-a${n + 1}`,
      userId: `u${int(2, data.users.size)}`,
      partnerId,
      status: STATUSES[int(0, STATUSES.length - 1)],
      currency: 'EUR',
      total: orderTotal(items),
      createdAt: new Date(Math.floor(start + n * step)).toISOString(),
      items,
    });
  }
  return orders;
}
