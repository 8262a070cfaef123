export {
  createRedisClient,
  RedisConnection,
  stopSlotsRefreshOnEnd,
  type RedisClient,
  type RedisHealth,
} from './redis.connection';
export { RedisModule } from './redis.module';
export {
  REDIS_MODULE_OPTIONS,
  REDIS_OPTIONS_TYPE,
  REDIS_ASYNC_OPTIONS_TYPE,
} from './redis.module-definition';
export * from './redis.options';
export * from './redis.errors';
export * from './redis.env';
