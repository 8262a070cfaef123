import { readFileSync } from 'node:fs';
import { ConfigError, env, readEnv, type Env } from '@bff/core';
import { DEFAULT_GRAPHQL_LIMITS, type GraphQLLimits } from './graphql-limits.options';
import type { PersistedOperationsOptions } from './graphql-hardening';
import { parsePersistedOperationManifest } from './persisted/persisted-operations';

/** A GraphQL BFF's settings from its environment (see README.md for each limit). */
export interface GraphQLEnvConfig {
  /** Production defaults: introspection off, suggestions and internal messages masked, no landing page. */
  production: boolean;
  limits: GraphQLLimits;
  persistedOperations: PersistedOperationsOptions;
}

/** What differs between apps when reading {@link GraphQLEnvConfig}. */
export interface GraphQLEnvSpec {
  /** The app's own trusted documents manifest (parsed JSON), used in safelist mode unless `GRAPHQL_SAFELIST_PATH` is set. */
  bundledManifest?: unknown;
}

/**
 * Reads and validates the GraphQL slice of an app's environment: `GRAPHQL_PRODUCTION` (`auto` follows
 * `NODE_ENV=production`), the `GRAPHQL_MAX_*` limits, `GRAPHQL_PERSISTED_OPERATIONS` (`apq` | `safelist` | `off`)
 * and `GRAPHQL_SAFELIST_PATH`.
 * @example const graphql = readGraphQLEnv(process.env, { bundledManifest });
 * @throws ConfigError naming each bad variable
 */
export function readGraphQLEnv(source: Env, spec: GraphQLEnvSpec = {}): GraphQLEnvConfig {
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
        ? { mode: 'safelist', manifest: readManifest(raw.GRAPHQL_SAFELIST_PATH, spec.bundledManifest) }
        : { mode: raw.GRAPHQL_PERSISTED_OPERATIONS },
  };
}

/** The trusted documents: a manifest file when `GRAPHQL_SAFELIST_PATH` is set, else the app's own. */
function readManifest(path: string | undefined, bundled: unknown) {
  try {
    if (path === undefined && bundled === undefined) throw new Error('is required in safelist mode');
    return parsePersistedOperationManifest(
      path === undefined ? bundled : JSON.parse(readFileSync(path, 'utf8')),
    );
  } catch (err) {
    throw new ConfigError([`GRAPHQL_SAFELIST_PATH: ${(err as Error).message}`]);
  }
}
