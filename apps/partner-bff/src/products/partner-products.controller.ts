import { Controller, Get, Param } from '@nestjs/common';
import { PrincipalKinds, Scopes } from '@bff/auth';
import { IdPipe, ResourceNotFoundError } from '@bff/core';
import { aggregate, optional, required, type DegradedPart } from '@bff/downstream';
import { CatalogApi } from '@bff/upstreams';

/** `GET /v1/products/:id`: a product with its stock (stock degrades, the product does not). */
export interface PartnerProductV1 {
  id: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  thumbnailUrl: string;
  category: string;
  /** null when the inventory was unavailable. */
  stock: { available: number; inStock: boolean } | null;
  degraded?: DegradedPart[];
}

/** v1 products. Partners only (machine clients): a user token is refused with 403. */
@Controller('v1/products')
@PrincipalKinds('client')
export class PartnerProductsController {
  constructor(private readonly catalog: CatalogApi) {}

  @Get(':id')
  @Scopes('products:read')
  async get(@Param('id', IdPipe) id: string): Promise<PartnerProductV1> {
    const { data, degraded } = await aggregate({
      product: required(() => this.catalog.product(id)),
      // partners integrate server to server and can wait longer than a screen, but not a whole deadline
      stock: optional(() => this.catalog.stock([id]), { budgetMs: 1000 }),
    });
    const p = data.product;
    if (!p) throw new ResourceNotFoundError(`Product ${id} was not found.`);
    const level = data.stock?.get(id);
    const view: PartnerProductV1 = {
      id: p.id,
      name: p.name,
      description: p.description,
      price: p.price,
      currency: p.currency,
      thumbnailUrl: p.thumbnailUrl,
      category: p.category,
      stock: data.stock ? { available: level?.available ?? 0, inStock: (level?.available ?? 0) > 0 } : null,
    };
    if (degraded.length > 0) view.degraded = degraded;
    return view;
  }
}
