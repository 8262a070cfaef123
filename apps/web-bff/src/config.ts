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
    principalKinds: ['user'],
  });
  return { ...base, graphql: readGraphQLEnv(source, { bundledManifest }) };
}
