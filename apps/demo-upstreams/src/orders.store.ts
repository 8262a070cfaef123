import { orderTotal, Order, OrderItem, OrderStatus, SeedData } from './seed-data';

/** The order states, in lifecycle order. */
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
];

/** Filters and page of `OrderStore.list`. */
export interface OrderQuery {
  userId?: string;
  partnerId?: string;
  status?: OrderStatus;
  /** Page size, 1..100. */
  limit: number;
  /** Sequence to continue below (exclusive), from a decoded cursor; undefined = from the newest. */
  beforeSeq?: number;
}

/** A new order's input, already validated for shape (products are checked by `create`). */
export interface NewOrder {
  /** Null for an order a partner places without naming an end user. */
  userId: string | null;
  partnerId: string | null;
  items: Array<{ productId: string; quantity: number }>;
}

/**
 * In-memory orders with per-user and per-partner indexes so a page is a short backward walk.
 * Every order has a sequence number (its position in creation order, from 1); pages go newest first and a cursor
 * is the last sequence served, so orders created while paging never cause duplicates.
 * @example const store = new OrderStore(createSeedData()); store.list({ userId: 'u1', limit: 5 });
 */
export class OrderStore {
  private readonly all: Order[] = [];
  private readonly byId = new Map<string, number>();
  private readonly byUser = new Map<string, number[]>();
  private readonly byPartner = new Map<string, number[]>();

  constructor(private readonly data: SeedData) {
    for (const order of data.orders) this.add(order);
  }

  /** The order with this id, or undefined. */
  get(id: string): Order | undefined {
    const seq = this.byId.get(id);
    return seq === undefined ? undefined : this.all[seq - 1];
  }

  /** One page, newest first; `nextSeq` is set when more orders may follow. */
  list(query: OrderQuery): { items: Order[]; nextSeq: number | null } {
    const index = this.pickIndex(query);
    const items: Order[] = [];
    let position = index
      ? lastBelow(index, query.beforeSeq)
      : Math.min(query.beforeSeq ?? Infinity, this.all.length + 1) - 2;
    for (; position >= 0; position--) {
      const order = this.all[(index ? index[position] : position + 1) - 1];
      if (query.userId !== undefined && order.userId !== query.userId) continue;
      if (query.partnerId !== undefined && order.partnerId !== query.partnerId) continue;
      if (query.status !== undefined && order.status !== query.status) continue;
      if (items.length === query.limit) return { items, nextSeq: this.byId.get(items[items.length - 1].id)! };
      items.push(order);
    }
    return { items, nextSeq: null };
  }

  /** The partner's orders, oldest first (creation order is time order). */
  ordersOfPartner(partnerId: string): Order[] {
    return (this.byPartner.get(partnerId) ?? []).map((seq) => this.all[seq - 1]);
  }

  /** Creates a `pending` order priced from the catalog; returns the unknown product ids instead when any. */
  create(input: NewOrder): { order: Order } | { unknownProducts: string[] } {
    const unknownProducts = input.items
      .filter((i) => !this.data.products.has(i.productId))
      .map((i) => i.productId);
    if (unknownProducts.length > 0) return { unknownProducts: [...new Set(unknownProducts)] };
    const items: OrderItem[] = input.items.map((i) => ({
      productId: i.productId,
      quantity: i.quantity,
      unitPrice: this.data.products.get(i.productId)!.price,
    }));
    const last = this.all[this.all.length - 1];
    const now = Math.max(Date.now(), last ? Date.parse(last.createdAt) + 1 : 0);
    const order: Order = {
      id: `o${this.all.length + 1}`,
      userId: input.userId,
      partnerId: input.partnerId,
      status: 'pending',
      currency: 'EUR',
      total: orderTotal(items),
      createdAt: new Date(now).toISOString(),
      items,
    };
    this.add(order);
    return { order };
  }

  private add(order: Order): void {
    this.all.push(order);
    const seq = this.all.length;
    this.byId.set(order.id, seq);
    if (order.userId !== null) append(this.byUser, order.userId, seq);
    if (order.partnerId !== null) append(this.byPartner, order.partnerId, seq);
  }

  private pickIndex(query: OrderQuery): number[] | undefined {
    const candidates: number[][] = [];
    if (query.userId !== undefined) candidates.push(this.byUser.get(query.userId) ?? []);
    if (query.partnerId !== undefined) candidates.push(this.byPartner.get(query.partnerId) ?? []);
    if (candidates.length === 0) return undefined;
    return candidates.reduce((a, b) => (b.length < a.length ? b : a));
  }
}

function append(map: Map<string, number[]>, key: string, seq: number): void {
  const list = map.get(key);
  if (list) list.push(seq);
  else map.set(key, [seq]);
}

/** Position of the last entry of an ascending list that is below `beforeSeq` (all when undefined); -1 if none. */
function lastBelow(ascending: number[], beforeSeq: number | undefined): number {
  if (beforeSeq === undefined) return ascending.length - 1;
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid] < beforeSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
