import { Injectable } from '@nestjs/common';
import { batchByIds, DownstreamRegistry, type BatchLoadFn } from '@bff/downstream';
import { bodyOrNull } from './expect-answer';
import { UPSTREAM, type Product, type StockLevel } from './upstream.types';

/**
 * Typed access to the catalog and inventory services, including their batch endpoints.
 * @example const products = await catalog.products(['p1', 'p2']); // Map id -> Product
 */
@Injectable()
export class CatalogApi {
  /** Batch function over `GET /products?ids=`. */
  readonly loadProducts: BatchLoadFn<string, Product>;
  /** Batch function over `GET /stock?productIds=`. */
  readonly loadStock: BatchLoadFn<string, StockLevel>;

  constructor(private readonly registry: DownstreamRegistry) {
    // Built on first use: an app that never calls the catalog need not configure it.
    let products: BatchLoadFn<string, Product> | undefined;
    let stock: BatchLoadFn<string, StockLevel> | undefined;
    this.loadProducts = (ids) =>
      (products ??= batchByIds<Product>(registry.get(UPSTREAM.catalog), {
        path: '/products',
        idOf: (p) => p.id,
      }))(ids);
    this.loadStock = (ids) =>
      (stock ??= batchByIds<StockLevel>(registry.get(UPSTREAM.inventory), {
        path: '/stock',
        param: 'productIds',
        idOf: (s) => s.productId,
      }))(ids);
  }

  /** One product, or null when unknown. */
  async product(id: string, signal?: AbortSignal): Promise<Product | null> {
    const res = await this.registry
      .get(UPSTREAM.catalog)
      .get<Product>(`/products/${encodeURIComponent(id)}`, { signal });
    return bodyOrNull(UPSTREAM.catalog, res);
  }

  /** Products by id, in one batch call per 100 ids. */
  products(ids: readonly string[]): Promise<Map<string, Product>> {
    return ids.length === 0 ? Promise.resolve(new Map()) : this.loadProducts(ids);
  }

  /** Stock by product id, in one batch call per 100 ids. */
  stock(ids: readonly string[]): Promise<Map<string, StockLevel>> {
    return ids.length === 0 ? Promise.resolve(new Map()) : this.loadStock(ids);
  }
}
