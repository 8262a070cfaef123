import { readBffEnv, type BffConfig, type Env } from '@bff/core';

export type WebBffConfig = BffConfig<'users' | 'orders' | 'catalog' | 'inventory'>;

/**
 * The web-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): WebBffConfig {
  return readBffEnv(env, {
    name: 'web-bff',
    port: 3001,
    upstreams: ['users', 'orders', 'catalog', 'inventory'],
  });
}
