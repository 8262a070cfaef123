import { readBffEnv, type BffConfig, type Env } from '@bff/core';

export type PartnerBffConfig = BffConfig<'orders' | 'catalog' | 'inventory'>;

/**
 * The partner-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): PartnerBffConfig {
  return readBffEnv(env, { name: 'partner-bff', port: 3003, upstreams: ['orders', 'catalog', 'inventory'] });
}
