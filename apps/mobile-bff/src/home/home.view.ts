import type { DegradedPart } from '@bff/downstream';
import type { Order, Product, StockLevel, User } from '@bff/upstreams';

/** One order as the home screen lists it. */
export interface HomeOrderView {
  id: string;
  status: string;
  total: number;
  currency: string;
  itemCount: number;
  /** First item's thumbnail; null when unknown or the catalog was unavailable. */
  thumbnailUrl: string | null;
  /** Every item available in the ordered quantity; null when the inventory was unavailable. */
  inStock: boolean | null;
}

/** `GET /v1/home`. */
export interface HomeView {
  user: { id: string; name: string; avatarUrl: string };
  recentOrders: HomeOrderView[];
  degraded?: DegradedPart[];
}

/** Shapes the home screen from what the upstreams returned (pure; missing parts become nulls). */
export function toHomeView(
  user: User,
  orders: readonly Order[],
  products: ReadonlyMap<string, Product> | undefined,
  stock: ReadonlyMap<string, StockLevel> | undefined,
  degraded: DegradedPart[],
): HomeView {
  const view: HomeView = {
    user: { id: user.id, name: user.name, avatarUrl: user.avatarUrl },
    recentOrders: orders.map((o) => ({
      id: o.id,
      status: o.status,
      total: o.total,
      currency: o.currency,
      itemCount: o.items.reduce((n, i) => n + i.quantity, 0),
      thumbnailUrl: (o.items.length > 0 && products?.get(o.items[0].productId)?.thumbnailUrl) || null,
      inStock: stock ? o.items.every((i) => (stock.get(i.productId)?.available ?? 0) >= i.quantity) : null,
    })),
  };
  if (degraded.length > 0) view.degraded = degraded;
  return view;
}

/** Distinct product ids of the orders' items, in first-seen order. */
export function productIdsOf(orders: readonly Order[]): string[] {
  const ids = new Set<string>();
  for (const order of orders) for (const item of order.items) ids.add(item.productId);
  return [...ids];
}
