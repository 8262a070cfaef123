import type { DegradedPart } from '@bff/downstream';
import type { Order, Product, StockLevel } from '@bff/upstreams';

/** `GET /v1/orders/:id`. */
export interface OrderDetailView {
  id: string;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
  items: Array<{
    productId: string;
    quantity: number;
    unitPrice: number;
    /** null when the catalog was unavailable or the product is gone. */
    name: string | null;
    thumbnailUrl: string | null;
    /** null when the inventory was unavailable. */
    inStock: boolean | null;
  }>;
  degraded?: DegradedPart[];
}

/** Shapes one order with its products and stock (pure). */
export function toOrderDetailView(
  order: Order,
  products: ReadonlyMap<string, Product> | undefined,
  stock: ReadonlyMap<string, StockLevel> | undefined,
  degraded: DegradedPart[],
): OrderDetailView {
  const view: OrderDetailView = {
    id: order.id,
    status: order.status,
    total: order.total,
    currency: order.currency,
    createdAt: order.createdAt,
    items: order.items.map((i) => {
      const product = products?.get(i.productId);
      return {
        productId: i.productId,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        name: product?.name ?? null,
        thumbnailUrl: product?.thumbnailUrl ?? null,
        inStock: stock ? (stock.get(i.productId)?.available ?? 0) >= i.quantity : null,
      };
    }),
  };
  if (degraded.length > 0) view.degraded = degraded;
  return view;
}
