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

  private readonly stockWithin = new Map<number, BatchLoadFn<string, StockLevel>>();

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

  /**
   * Batch function over `GET /stock?productIds=` whose calls time out after `budgetMs` (a `timeoutMs` per call,
   * counted as the inventory timing out), for an optional part that cannot use `optional(run, { budgetMs })`,
   * such as a GraphQL field behind a DataLoader. Made once per budget.
   */
  loadStockWithin(budgetMs: number): BatchLoadFn<string, StockLevel> {
    let load = this.stockWithin.get(budgetMs);
    if (!load) {
      const registry = this.registry;
      let batch: BatchLoadFn<string, StockLevel> | undefined;
      load = (ids) =>
        (batch ??= batchByIds<StockLevel>(registry.get(UPSTREAM.inventory), {
          path: '/stock',
          param: 'productIds',
          idOf: (s) => s.productId,
          call: { timeoutMs: budgetMs },
        }))(ids);
      this.stockWithin.set(budgetMs, load);
    }
    return load;
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
