import type { Env } from '@bff/core';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';

export type PartnerBffConfig = BffPlatformConfig<'orders' | 'catalog' | 'inventory'>;

/**
 * The partner-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): PartnerBffConfig {
  return readBffConfig(env, {
    name: 'partner-bff',
    port: 3003,
    upstreams: ['orders', 'catalog', 'inventory'],
    principalKinds: ['client'],
    apiKeys: true,
  });
}
