import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Scopes } from '@bff/auth';
import type { Order } from '@bff/upstreams';
import { OrderModel } from './models';

/** Scope that lets support staff see how an order came in. */
export const ORDERS_INTERNAL_SCOPE = 'orders:internal';

/** Order fields that only some callers may read. */
@Resolver(() => OrderModel)
export class OrderResolver {
  /**
   * The partner that placed the order, for support staff only: a caller without the scope gets
   * `BFF_ERR_AUTH_FORBIDDEN` on this field and the rest of the order.
   */
  @Scopes(ORDERS_INTERNAL_SCOPE)
  @ResolveField(() => String, {
    nullable: true,
    description: `Partner that placed the order; null for direct orders. Requires the ${ORDERS_INTERNAL_SCOPE} scope.`,
  })
  partnerId(@Parent() order: OrderModel & Pick<Order, 'partnerId'>): string | null {
    return order.partnerId ?? null;
  }
}
