import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@bff/auth';
import { Cost, ListSize } from '@bff/graphql';
import { ResourceNotFoundError, ValidationError } from '@bff/core';
import { OrdersApi, UsersApi } from '@bff/upstreams';
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

  /** One orders call; the answer holds `first` orders. */
  @Cost(1)
  @ListSize({ slicingArguments: ['first'], assumedSize: MAX_ORDERS })
  @ResolveField(() => [OrderModel], { description: 'Most recent orders first.' })
  async orders(
    @Parent() viewer: ViewerModel,
    @Args('first', { type: () => Int, defaultValue: 10, description: `At most ${MAX_ORDERS}.` })
    first: number,
  ): Promise<OrderModel[]> {
    if (first < 1 || first > MAX_ORDERS)
      throw new ValidationError(`first must be between 1 and ${MAX_ORDERS}.`);
    const page = await this.ordersApi.list({ userId: viewer.id, limit: first });
    return page.items;
  }
}
