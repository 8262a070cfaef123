import { ADJECTIVES, CATEGORIES, CENTS, FIRST_NAMES, LAST_NAMES, NOUNS } from './seed-words';

/**
 * Deterministic demo data: users `u1`..`u1000`, products `p1`..`p5000`, a stock row per product and a few orders
 * per user. Everything comes from one seeded PRNG, so two starts serve byte-identical data; `u1` always has
 * exactly 12 orders of exactly 3 items each (tests and the demo rely on it).
 */

/** A demo user, as `GET /users/:id` answers it. */
export interface User {
  id: string;
  name: string;
  email: string;
  avatarUrl: string;
  createdAt: string;
}

/** A demo product, as `GET /products/:id` answers it. Prices are in `currency` (always EUR). */
export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: 'EUR';
  thumbnailUrl: string;
  category: string;
}

/** One stock row, as `GET /stock?productIds=` lists it. `available` is an integer >= 0. */
export interface StockRow {
  productId: string;
  available: number;
  updatedAt: string;
}

/** Lifecycle states of an order. */
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

/** One line of an order; `unitPrice` is the product price at order time. */
export interface OrderItem {
  productId: string;
  quantity: number;
  unitPrice: number;
}

/** A demo order, as `GET /orders/:id` answers it. `total` has 2 decimals. */
export interface Order {
  id: string;
  /** Null for an order a partner placed without naming an end user (every seeded order has one). */
  userId: string | null;
  partnerId: string | null;
  status: OrderStatus;
  currency: 'EUR';
  total: number;
  createdAt: string;
  items: OrderItem[];
}

/** The whole data set, indexed for Map lookups. Orders are listed oldest first (`orders[i]` has sequence i + 1). */
export interface SeedData {
  users: Map<string, User>;
  products: Map<string, Product>;
  stock: Map<string, StockRow>;
  orders: Order[];
}

/** Counts of the seeded data set; fixed, since scripts and tests rely on them. */
export const SEED_COUNTS = { users: 1000, products: 5000 } as const;
/** The user with a fixed order history: exactly 12 orders, each with exactly 3 items. */
export const SEED_SHOWCASE_USER = 'u1';
/** The seed of the PRNG; change it and every generated value changes. */
export const SEED = 20250101;

/** Time the seeded history ends at: every seeded date lies before it, so new orders are always the newest. */
const SEED_EPOCH_MS = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds to 2 decimals (money). */
export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Builds the full, deterministic data set; takes a few tens of milliseconds. */
export function createSeedData(seed: number = SEED): SeedData {
  const rand = createPrng(seed);
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

  const users = new Map<string, User>();
  for (let n = 1; n <= SEED_COUNTS.users; n++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const id = `u${n}`;
    users.set(id, {
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}.${n}@example.com`.toLowerCase(),
      avatarUrl: `https://cdn.example.com/avatars/${id}.png`,
      createdAt: new Date(SEED_EPOCH_MS - int(400, 1500) * DAY_MS - int(0, 86_399) * 1000).toISOString(),
    });
  }

  const products = new Map<string, Product>();
  const stock = new Map<string, StockRow>();
  for (let n = 1; n <= SEED_COUNTS.products; n++) {
    const id = `p${n}`;
    const name = `${pick(ADJECTIVES)} ${pick(NOUNS)}`;
    const category = pick(CATEGORIES);
    products.set(id, {
      id,
      name,
      description: `${name} from our ${category} range, model ${id.toUpperCase()}.`,
      price: roundMoney(int(2, 499) + pick(CENTS)),
      currency: 'EUR',
      thumbnailUrl: `https://cdn.example.com/products/${id}/thumb.jpg`,
      category,
    });
    stock.set(id, {
      productId: id,
      available: rand() < 0.15 ? 0 : int(1, 250),
      updatedAt: new Date(SEED_EPOCH_MS - int(0, 30 * 86_400) * 1000).toISOString(),
    });
  }

  const drafts: Array<Omit<Order, 'id'>> = [];
  for (let n = 1; n <= SEED_COUNTS.users; n++) {
    const userId = `u${n}`;
    const showcase = userId === SEED_SHOWCASE_USER;
    const orderCount = showcase ? 12 : int(3, 6);
    for (let k = 0; k < orderCount; k++) {
      const itemCount = showcase ? 3 : int(1, 4);
      const items: OrderItem[] = [];
      const used = new Set<string>();
      while (items.length < itemCount) {
        const productId = `p${int(1, SEED_COUNTS.products)}`;
        if (used.has(productId)) continue;
        used.add(productId);
        items.push({ productId, quantity: int(1, 3), unitPrice: products.get(productId)!.price });
      }
      const partnerRoll = rand();
      drafts.push({
        userId,
        partnerId: partnerRoll < 1 / 3 ? 'partner-acme' : partnerRoll < 0.38 ? 'partner-globex' : null,
        status: pickStatus(rand()),
        currency: 'EUR',
        total: orderTotal(items),
        createdAt: new Date(SEED_EPOCH_MS - int(1, 365 * 86_400) * 1000).toISOString(),
        items,
      });
    }
  }
  // Ids follow creation time (o1 is the oldest), which keeps "newest first" a plain reverse walk.
  drafts.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  const orders = drafts.map((draft, i): Order => ({ id: `o${i + 1}`, ...draft }));

  return { users, products, stock, orders };
}

/** Sums `quantity * unitPrice` over the items, rounded to cents. */
export function orderTotal(items: readonly OrderItem[]): number {
  return roundMoney(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0));
}

function pickStatus(roll: number): OrderStatus {
  if (roll < 0.1) return 'pending';
  if (roll < 0.25) return 'paid';
  if (roll < 0.45) return 'shipped';
  if (roll < 0.9) return 'delivered';
  return 'cancelled';
}
