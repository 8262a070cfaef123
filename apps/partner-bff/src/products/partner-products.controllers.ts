import { Controller, Get, Param } from '@nestjs/common';
import { PrincipalKinds } from '@bff/auth';
import { Contract, type ContractSpec } from '@bff/contracts';
import type { TSchema } from '@sinclair/typebox';
import { IdParams } from '../api/partner.schemas';
import { PartnerProductsService } from './partner-products.service';
import {
  PartnerProductV1,
  PartnerProductV2,
  toPartnerProductV1,
  toPartnerProductV2,
} from './partner-product.view';

const EXAMPLE = {
  id: 'p42',
  name: 'Walnut desk organiser',
  description: 'Three compartments, oiled walnut.',
  thumbnailUrl: 'https://cdn.example.com/p42.jpg',
  category: 'office',
  stock: { available: 17, inStock: true },
};

function getProductContract(schema: TSchema, price: object): ContractSpec {
  return {
    operationId: 'getProduct',
    summary: 'A product with its stock',
    description:
      'When the inventory is unavailable the product still answers, with `stock: null` and `degraded`.',
    tags: ['products'],
    params: IdParams,
    responses: { 200: { schema, example: { ...EXAMPLE, ...price } } },
    errors: [404],
    scopes: ['products:read'],
  };
}

/** v1 products (deprecated: see v2). Partners only: a user token is refused with 403. */
@Controller({ path: 'products', version: '1' })
@PrincipalKinds('client')
export class PartnerProductsV1Controller {
  constructor(private readonly products: PartnerProductsService) {}

  @Get(':id')
  @Contract(getProductContract(PartnerProductV1, { price: 19.99, currency: 'EUR' }))
  async get(@Param() params: IdParams): Promise<PartnerProductV1> {
    return toPartnerProductV1(await this.products.get(params.id));
  }
}

/** v2 products: the price as money in minor units. Partners only. */
@Controller({ path: 'products', version: '2' })
@PrincipalKinds('client')
export class PartnerProductsV2Controller {
  constructor(private readonly products: PartnerProductsService) {}

  @Get(':id')
  @Contract(getProductContract(PartnerProductV2, { price: { amount: 1999, currency: 'EUR' } }))
  async get(@Param() params: IdParams): Promise<PartnerProductV2> {
    return toPartnerProductV2(await this.products.get(params.id));
  }
}
