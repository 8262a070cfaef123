/** A user of the users service. */
export interface User {
  id: string;
  name: string;
  email: string;
  avatarUrl: string;
  createdAt: string;
}

/** A product of the catalog service. */
export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  thumbnailUrl: string;
  category: string;
}

/** Stock of one product, from the inventory service. */
export interface StockLevel {
  productId: string;
  available: number;
  updatedAt: string;
}

/** One line of an order. */
export interface OrderItem {
  productId: string;
  quantity: number;
  unitPrice: number;
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

/** An order of the orders service. */
export interface Order {
  id: string;
  /** Null for an order a partner placed without naming an end user. */
  userId: string | null;
  partnerId: string | null;
  status: OrderStatus;
  currency: string;
  total: number;
  createdAt: string;
  items: OrderItem[];
}

/** A cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Filters of the orders listing. */
export interface OrderQuery {
  userId?: string;
  partnerId?: string;
  status?: OrderStatus;
  limit?: number;
  cursor?: string;
}

/** Body of an order creation: for a user, a partner, or a partner's end user. */
export interface NewOrder {
  userId?: string;
  partnerId?: string;
  items: Array<{ productId: string; quantity: number }>;
}

/** The upstream names the typed APIs use with the downstream registry. */
export const UPSTREAM = {
  users: 'users',
  orders: 'orders',
  catalog: 'catalog',
  inventory: 'inventory',
} as const;
