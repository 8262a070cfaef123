import type DataLoader from 'dataloader';
import { createBatchLoader } from '@bff/downstream';
import type { CatalogApi } from './catalog.api';
import type { Product, StockLevel } from './upstream.types';

/** Per-request DataLoaders over the batch endpoints: create them once per request, never share them. */
export interface CatalogLoaders {
  product: DataLoader<string, Product | null>;
  stock: DataLoader<string, StockLevel | null>;
}

/** Options of {@link createCatalogLoaders}. */
export interface CatalogLoadersOptions {
  /** Time budget (in milliseconds) of each stock batch call; past it, stock degrades. Default is none. */
  stockBudgetMs?: number;
  /**
   * Stock as an optional part of this name: a failed stock batch resolves its products' stock to `null` and
   * lists the part in the answer's `degraded` (see `createBatchLoader`'s `optionalPart`). Default: none (the
   * stock loads reject).
   */
  stockPart?: string;
}

/**
 * New loaders for one request: every `load(id)` in the same tick becomes one batch call per upstream.
 * @example context: (req, reply) => ({ req, res: reply, loaders: createCatalogLoaders(catalog, { stockBudgetMs: 500 }) })
 */
export function createCatalogLoaders(
  catalog: CatalogApi,
  options: CatalogLoadersOptions = {},
): CatalogLoaders {
  const stock = options.stockBudgetMs ? catalog.loadStockWithin(options.stockBudgetMs) : catalog.loadStock;
  return {
    product: createBatchLoader({ name: 'products', load: catalog.loadProducts }),
    stock: createBatchLoader({ name: 'stock', load: stock, optionalPart: options.stockPart }),
  };
}
