import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import { SetMetadata } from '@nestjs/common';
import {
  IS_PUBLIC_KEY,
  RATE_LIMIT_KEY,
  RouteCache,
  RouteMetadataOverrides,
  SKIP_RATE_LIMIT,
} from '@bff/core';

@SetMetadata('bff:scopes', ['orders:read'])
class OrdersController {
  @SetMetadata(IS_PUBLIC_KEY, false)
  list(): void {}

  get(): void {}
}

describe('RouteMetadataOverrides', () => {
  it('wins over the decorators for the keys it sets, per handler, and leaves the others and other apps alone', () => {
    const reflector = new Reflector();
    const overrides = new RouteMetadataOverrides();
    overrides.set(OrdersController.prototype.list, { [IS_PUBLIC_KEY]: true });
    overrides.set(OrdersController.prototype.list, { [RATE_LIMIT_KEY]: SKIP_RATE_LIMIT });
    const routes = new RouteCache(overrides.reader(reflector));
    const list = routes.of(OrdersController.prototype.list, OrdersController);
    expect(list.get(IS_PUBLIC_KEY)).toBe(true);
    expect(list.get(RATE_LIMIT_KEY)).toBe(SKIP_RATE_LIMIT);
    expect(list.get('bff:scopes')).toEqual(['orders:read']); // the class decorator still speaks
    expect(routes.of(OrdersController.prototype.get, OrdersController).get(IS_PUBLIC_KEY)).toBeUndefined();
    expect(overrides.size).toBe(1);
    // Another app of the same process reads the decorators alone.
    expect(
      new RouteCache(reflector).of(OrdersController.prototype.list, OrdersController).get(IS_PUBLIC_KEY),
    ).toBe(false);
  });
});
