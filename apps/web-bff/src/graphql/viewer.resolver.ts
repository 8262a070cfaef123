import { Args, Context, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentPrincipal, type Principal } from '@bff/auth';
import { Cost, ListSize } from '@bff/graphql';
import { ResourceNotFoundError, ValidationError } from '@bff/core';
import { OrdersApi, UsersApi } from '@bff/upstreams';
import type { GraphQLContext } from './graphql-context';
import { loadItemsAhead } from './load-ahead';
import { OrderModel, ViewerModel } from './models';

/** Most orders one query may ask for. */
export const MAX_ORDERS = 50;

@Resolver(() => ViewerModel)
export class ViewerResolver {
  constructor(
    private readonly users: UsersApi,
    private readonly ordersApi: OrdersApi,
  ) {}

  /** One users call. */
  @Cost(1)
  @Query(() => ViewerModel, { description: 'The signed-in user.' })
  async viewer(@CurrentPrincipal() principal: Principal): Promise<ViewerModel> {
    const user = await this.users.get(principal.subject);
    if (!user) throw new ResourceNotFoundError('The signed-in user does not exist.');
    return user;
  }

  /**
   * One orders call; the answer holds `first` orders. Their items' products and stock, when selected, are loaded
   * here in one batch each (`loadItemsAhead`), so the item and product fields answer without a promise.
   */
  @Cost(1)
  @ListSize({ slicingArguments: ['first'], assumedSize: MAX_ORDERS })
  @ResolveField(() => [OrderModel], { description: 'Most recent orders first.' })
  async orders(
    @Parent() viewer: ViewerModel,
    @Args('first', { type: () => Int, defaultValue: 10, description: `At most ${MAX_ORDERS}.` })
    first: number,
    @Context() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrderModel[]> {
    if (first < 1 || first > MAX_ORDERS)
      throw new ValidationError(`first must be between 1 and ${MAX_ORDERS}.`);
    const page = await this.ordersApi.list({ userId: viewer.id, limit: first });
    await loadItemsAhead(page.items, ctx.loaders, info);
    return page.items;
  }
}
