import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@bff/core';
import { aggregate, optional, required } from '@bff/downstream';
import { CatalogApi } from '@bff/upstreams';
import type { ProductWithStock } from './partner-product.view';

/** The upstream calls behind every version of the product route: the product, and its stock when available. */
@Injectable()
export class PartnerProductsService {
  constructor(private readonly catalog: CatalogApi) {}

  /**
   * A product with its stock (stock degrades, the product does not).
   * @throws ResourceNotFoundError (404) for an unknown product
   */
  async get(id: string): Promise<ProductWithStock> {
    const { data, degraded } = await aggregate({
      product: required(() => this.catalog.product(id)),
      // partners integrate server to server and can wait longer than a screen, but not a whole deadline
      stock: optional(() => this.catalog.stock([id]), { budgetMs: 1000 }),
    });
    if (!data.product) throw new ResourceNotFoundError(`Product ${id} was not found.`);
    const available = data.stock?.get(id)?.available ?? 0;
    return {
      product: data.product,
      stock: data.stock ? { available, inStock: available > 0 } : null,
      degraded,
    };
  }
}
