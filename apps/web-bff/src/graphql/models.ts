import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cost, ListSize } from '@bff/graphql';

/** Most items the cost analysis assumes an order has (the demo's orders have 1 to 4). */
export const ASSUMED_ITEMS_PER_ORDER = 5;

@ObjectType('Stock', { description: 'Stock of a product.' })
export class StockModel {
  @Field(() => Int, { description: 'Units available now.' })
  available: number;
}

@ObjectType('Product')
export class ProductModel {
  @Field(() => ID)
  id: string;
  @Field()
  name: string;
  @Field(() => Float)
  price: number;
  @Field()
  currency: string;
  @Field()
  thumbnailUrl: string;
}

@ObjectType('OrderItem')
export class OrderItemModel {
  @Field(() => Int)
  quantity: number;
  @Field(() => Float)
  unitPrice: number;
  /** Resolved through the per-request product loader. */
  productId: string;
}

@ObjectType('Order')
export class OrderModel {
  @Field(() => ID)
  id: string;
  @Field()
  status: string;
  @Field(() => Float)
  total: number;
  @Field()
  currency: string;
  @Field()
  createdAt: string;
  /** Part of the order's own answer: no upstream call of its own. */
  @Cost(0)
  @ListSize({ assumedSize: ASSUMED_ITEMS_PER_ORDER })
  @Field(() => [OrderItemModel])
  items: OrderItemModel[];
}

@ObjectType('Viewer', { description: 'The signed-in user.' })
export class ViewerModel {
  @Field(() => ID)
  id: string;
  @Field()
  name: string;
  @Field()
  email: string;
  @Field()
  avatarUrl: string;
}
