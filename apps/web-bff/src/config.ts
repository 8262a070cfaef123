import type { Env } from '@bff/core';
import { readGraphQLEnv, type GraphQLEnvConfig } from '@bff/graphql';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';
import bundledManifest from '../operations/persisted-operations.json';

export type WebBffConfig = BffPlatformConfig<'users' | 'orders' | 'catalog' | 'inventory'> & {
  graphql: GraphQLEnvConfig;
};

/**
 * The web-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(source: Env): WebBffConfig {
  const base = readBffConfig(source, {
    name: 'web-bff',
    port: 3001,
    upstreams: ['users', 'orders', 'catalog', 'inventory'],
    // per user, in GraphQL cost units (an operation pays its estimated cost, at most GRAPHQL_MAX_COST = 1000):
    // 60 000 per minute, 10 000 at once, so a newcomer sees a 429 within a few hundred queries from one token
    rateLimit: { perMinute: 60_000, burst: 10_000 },
    principalKinds: ['user'],
  });
  return { ...base, graphql: readGraphQLEnv(source, { bundledManifest }) };
}
