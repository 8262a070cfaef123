import { OrderItemResolver, ProductResolver } from './catalog.resolvers';
import { OrderResolver } from './order.resolver';
import { ViewerResolver } from './viewer.resolver';

/** Every resolver of the web-bff's schema: the module provides them, the schema check builds from them. */
export const WEB_BFF_RESOLVERS = [ViewerResolver, OrderResolver, OrderItemResolver, ProductResolver];
