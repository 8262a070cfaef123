import { env, readEnv, type Env } from '@bff/core';

/** The contracts slice of a BFF's environment. */
export interface ContractsEnvConfig {
  /** `API_DOCS_ENABLED`: serve Swagger UI. Default is true. */
  docsEnabled: boolean;
  /** `OPENAPI_OAUTH_TOKEN_URL`: the token endpoint the documents name. Default is the app's. */
  tokenUrl?: string;
  /** `OPENAPI_SERVER_URL`: the documents' `servers[0].url` (the public address). Default is none. */
  serverUrl?: string;
}

/**
 * Reads `API_DOCS_ENABLED`, `OPENAPI_OAUTH_TOKEN_URL` and `OPENAPI_SERVER_URL`, all problems at once.
 * @example const contracts = readContractsEnv(process.env);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readContractsEnv(source: Env): ContractsEnvConfig {
  const raw = readEnv(source, {
    API_DOCS_ENABLED: env.bool(true),
    OPENAPI_OAUTH_TOKEN_URL: env.optionalUrl(),
    OPENAPI_SERVER_URL: env.optionalUrl(),
  });
  return {
    docsEnabled: raw.API_DOCS_ENABLED,
    tokenUrl: raw.OPENAPI_OAUTH_TOKEN_URL,
    serverUrl: raw.OPENAPI_SERVER_URL,
  };
}
