import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { loadNow } from '@bff/downstream';
import { Cost } from '@bff/graphql';
import { OrderItemModel, ProductModel, StockModel } from './models';
import type { GraphQLContext } from './graphql-context';

/** Items resolve their product through the request's DataLoader: one catalog call per query level. */
@Resolver(() => OrderItemModel)
export class OrderItemResolver {
  /** At most one catalog call (the loader batches a whole level into one). */
  @Cost(1)
  @ResolveField(() => ProductModel, {
    nullable: true,
    description: 'Null when the product no longer exists.',
  })
  product(
    @Parent() item: OrderItemModel,
    @Context() ctx: GraphQLContext,
  ): ProductModel | null | Promise<ProductModel | null> {
    // synchronous when the orders resolver loaded the products ahead (loadItemsAhead)
    return loadNow(ctx.loaders.product, item.productId);
  }
}

/**
 * Products resolve their stock through the request's DataLoader: one inventory call per query level. Stock is
 * an optional part: when the inventory fails, `stock` is null, the answer keeps everything else and says so
 * once in `extensions.degraded` (`{ part: 'stock', code }`), however many products it lists.
 */
@Resolver(() => ProductModel)
export class ProductResolver {
  /** At most one inventory call (the loader batches a whole level into one). */
  @Cost(1)
  @ResolveField(() => StockModel, {
    nullable: true,
    description: 'Null when the inventory is unavailable (listed in extensions.degraded) or has no entry.',
  })
  stock(
    @Parent() product: ProductModel,
    @Context() ctx: GraphQLContext,
  ): StockModel | null | Promise<StockModel | null> {
    // The loader degrades the part once per failed batch (optionalPart), so no catch per product here;
    // synchronous when the orders resolver loaded the stock ahead (loadItemsAhead).
    return loadNow(ctx.loaders.stock, product.id);
  }
}
