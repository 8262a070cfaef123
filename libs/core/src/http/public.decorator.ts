import { SetMetadata } from '@nestjs/common';

/** Metadata key written by {@link Public}. */
export const IS_PUBLIC_KEY = 'bff:isPublic';

/**
 * Marks a route (or a whole controller) as reachable without credentials. Every other route requires a
 * verified principal: the auth guard is secure by default.
 * @example
 * @Public() @Get('/health/live') live() { return { status: 'ok' }; }
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
