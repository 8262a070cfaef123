import type { Env } from '@bff/core';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';

export type MobileBffConfig = BffPlatformConfig<'users' | 'orders' | 'catalog' | 'inventory'>;

/**
 * The mobile-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): MobileBffConfig {
  return readBffConfig(env, {
    name: 'mobile-bff',
    port: 3002,
    upstreams: ['users', 'orders', 'catalog', 'inventory'],
    // per user: a newcomer sees a 429 within a few hundred requests from one token
    rateLimit: { perMinute: 300, burst: 50 },
    principalKinds: ['user'],
  });
}
