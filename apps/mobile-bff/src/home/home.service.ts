import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@bff/core';
import { aggregate, optional, required } from '@bff/downstream';
import { CatalogApi, OrdersApi, UsersApi } from '@bff/upstreams';
import { productIdsOf, toHomeView, type HomeView } from './home.view';

/** How many orders the home screen shows. */
export const RECENT_ORDERS = 5;

/**
 * Time budgets (in milliseconds) of the home screen's optional parts: the screen renders without them, so a slow
 * upstream costs at most this much, not the request's deadline. Recent orders are most of the screen: the longest.
 */
export const HOME_BUDGETS_MS = { recentOrders: 800, products: 400, stock: 300 } as const;

/**
 * The home screen in two parallel rounds: user + recent orders, then products + stock for those orders in
 * one batch call each. The user is required; everything else degrades the answer when it fails.
 */
@Injectable()
export class HomeService {
  constructor(
    private readonly users: UsersApi,
    private readonly orders: OrdersApi,
    private readonly catalog: CatalogApi,
  ) {}

  /** @throws ResourceNotFoundError when the user does not exist; downstream errors when the user call fails */
  async home(userId: string): Promise<HomeView> {
    const first = await aggregate({
      user: required(() => this.users.get(userId)),
      recentOrders: optional(() => this.orders.list({ userId, limit: RECENT_ORDERS }), {
        budgetMs: HOME_BUDGETS_MS.recentOrders,
      }),
    });
    const user = first.data.user;
    if (!user) throw new ResourceNotFoundError('The signed-in user does not exist.');
    const orders = first.data.recentOrders?.items ?? [];
    const ids = productIdsOf(orders);
    if (ids.length === 0) return toHomeView(user, orders, new Map(), new Map(), first.degraded);

    const second = await aggregate({
      products: optional(() => this.catalog.products(ids), { budgetMs: HOME_BUDGETS_MS.products }),
      stock: optional(() => this.catalog.stock(ids), { budgetMs: HOME_BUDGETS_MS.stock }),
    });
    return toHomeView(user, orders, second.data.products, second.data.stock, [
      ...first.degraded,
      ...second.degraded,
    ]);
  }
}
