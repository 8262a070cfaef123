import { readFileSync } from 'node:fs';
import { ConfigError, env, readEnv, type Env } from '@bff/core';
import {
  DEFAULT_GRAPHQL_LIMITS,
  parsePersistedOperationManifest,
  type GraphQLLimits,
  type PersistedOperationsOptions,
} from '@bff/graphql';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';
import bundledManifest from '../operations/persisted-operations.json';

/** The web-bff's GraphQL settings (see libs/graphql/README.md for each limit). */
export interface WebBffGraphQLConfig {
  /** Production defaults: introspection off, suggestions and internal messages masked, no landing page. */
  production: boolean;
  limits: GraphQLLimits;
  persistedOperations: PersistedOperationsOptions;
}

export type WebBffConfig = BffPlatformConfig<'users' | 'orders' | 'catalog' | 'inventory'> & {
  graphql: WebBffGraphQLConfig;
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
  });
  return { ...base, graphql: readGraphQLConfig(source) };
}

function readGraphQLConfig(source: Env): WebBffGraphQLConfig {
  const d = DEFAULT_GRAPHQL_LIMITS;
  const raw = readEnv(source, {
    NODE_ENV: env.optionalString(),
    GRAPHQL_PRODUCTION: env.oneOf(['true', 'false', 'auto'] as const, 'auto'),
    GRAPHQL_MAX_DOCUMENT_BYTES: env.int(d.maxDocumentBytes, { min: 1, max: 1024 * 1024 }),
    GRAPHQL_MAX_TOKENS: env.int(d.maxTokens, { min: 1, max: 100_000 }),
    GRAPHQL_MAX_DEPTH: env.int(d.maxDepth, { min: 1, max: 100 }),
    GRAPHQL_MAX_ALIASES: env.int(d.maxAliases, { min: 0, max: 10_000 }),
    GRAPHQL_MAX_DIRECTIVES_PER_FIELD: env.int(d.maxDirectivesPerField, { min: 0, max: 1000 }),
    GRAPHQL_MAX_DIRECTIVES: env.int(d.maxDirectives, { min: 0, max: 10_000 }),
    GRAPHQL_MAX_BATCH_SIZE: env.int(0, { min: 0, max: 100 }),
    GRAPHQL_MAX_COST: env.int(d.maxCost, { min: 1, max: 1_000_000_000 }),
    GRAPHQL_PERSISTED_OPERATIONS: env.oneOf(['apq', 'safelist', 'off'] as const, 'apq'),
    GRAPHQL_SAFELIST_PATH: env.optionalString(),
  });
  const production =
    raw.GRAPHQL_PRODUCTION === 'auto' ? raw.NODE_ENV === 'production' : raw.GRAPHQL_PRODUCTION === 'true';
  return {
    production,
    limits: {
      maxDocumentBytes: raw.GRAPHQL_MAX_DOCUMENT_BYTES,
      maxTokens: raw.GRAPHQL_MAX_TOKENS,
      maxDepth: raw.GRAPHQL_MAX_DEPTH,
      maxAliases: raw.GRAPHQL_MAX_ALIASES,
      maxDirectivesPerField: raw.GRAPHQL_MAX_DIRECTIVES_PER_FIELD,
      maxDirectives: raw.GRAPHQL_MAX_DIRECTIVES,
      maxBatchSize: raw.GRAPHQL_MAX_BATCH_SIZE === 0 ? undefined : raw.GRAPHQL_MAX_BATCH_SIZE,
      maxCost: raw.GRAPHQL_MAX_COST,
    },
    persistedOperations:
      raw.GRAPHQL_PERSISTED_OPERATIONS === 'safelist'
        ? { mode: 'safelist', manifest: readManifest(raw.GRAPHQL_SAFELIST_PATH) }
        : { mode: raw.GRAPHQL_PERSISTED_OPERATIONS },
  };
}

/** The trusted documents: a manifest file when `GRAPHQL_SAFELIST_PATH` is set, else the app's own (bundled). */
function readManifest(path: string | undefined) {
  try {
    return parsePersistedOperationManifest(
      path === undefined ? (bundledManifest as unknown) : JSON.parse(readFileSync(path, 'utf8')),
    );
  } catch (err) {
    throw new ConfigError([`GRAPHQL_SAFELIST_PATH: ${(err as Error).message}`]);
  }
}
