import { readBffEnv, type BffConfig, type Env } from '@bff/core';

export type MobileBffConfig = BffConfig<'users' | 'orders' | 'catalog' | 'inventory'>;

/**
 * The mobile-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): MobileBffConfig {
  return readBffEnv(env, {
    name: 'mobile-bff',
    port: 3002,
    upstreams: ['users', 'orders', 'catalog', 'inventory'],
  });
}
