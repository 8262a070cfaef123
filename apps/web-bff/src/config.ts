import type { Env } from '@bff/core';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';

export type WebBffConfig = BffPlatformConfig<'users' | 'orders' | 'catalog' | 'inventory'>;

/**
 * The web-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): WebBffConfig {
  return readBffConfig(env, {
    name: 'web-bff',
    port: 3001,
    upstreams: ['users', 'orders', 'catalog', 'inventory'],
  });
}
