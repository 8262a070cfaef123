import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Stock of a product.' })
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
