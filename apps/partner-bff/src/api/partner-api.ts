import type { ContractsEnvConfig, ContractsModuleOptions } from '@bff/contracts';
import { MIGRATING_TO_V2 } from './migrating-to-v2.note';

/** `/v1` is deprecated since this date (the `Deprecation` header). */
export const V1_DEPRECATED_AT = new Date('2026-12-01T00:00:00Z');
/** `/v1` stops answering after this date (the `Sunset` header). */
export const V1_SUNSET_AT = new Date('2027-06-30T23:59:59Z');

/** The scopes partner routes require, as the documents describe them. */
export const PARTNER_SCOPES = {
  'orders:read': 'Read your orders',
  'orders:write': 'Create orders',
  'products:read': 'Read the catalog and stock',
} as const;

/**
 * The partner API's documents and versions: `/v1` (deprecated, linking to the migration note) and `/v2` side
 * by side, API keys and client credentials, Swagger UI at `/docs` unless `API_DOCS_ENABLED=false`.
 */
export function partnerApiOptions(contracts: ContractsEnvConfig, tokenUrl: string): ContractsModuleOptions {
  return {
    title: 'Partner API',
    versions: {
      '1': {
        description: 'Deprecated: see [migrating to v2](/docs/migrating-to-v2). Amounts in major units.',
        deprecation: {
          deprecatedAt: V1_DEPRECATED_AT,
          sunsetAt: V1_SUNSET_AT,
          link: '/docs/migrating-to-v2',
        },
      },
      '2': { description: 'Amounts as `{ amount, currency }` in minor units; pagination in `page`.' },
    },
    security: { apiKeyHeader: 'X-API-Key', oauth2: { tokenUrl, scopes: PARTNER_SCOPES } },
    servers: contracts.serverUrl ? [{ url: contracts.serverUrl }] : undefined,
    docs: contracts.docsEnabled
      ? {
          path: 'docs',
          pages: {
            'migrating-to-v2': { contentType: 'text/markdown; charset=utf-8', body: MIGRATING_TO_V2 },
          },
        }
      : false,
  };
}
