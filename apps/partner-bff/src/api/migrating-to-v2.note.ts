/** The migration note `/v1` answers link to (`Link: </docs/migrating-to-v2>; rel="deprecation"`). */
export const MIGRATING_TO_V2 = `# Migrating from /v1 to /v2

/v1 is deprecated since 2026-12-01 and stops answering after 2027-06-30 (its answers say so in the
\`Deprecation\` and \`Sunset\` headers). /v2 answers the same routes with the same credentials, scopes, filters
and quotas; only two shapes changed. Both versions run side by side, so you can move one call at a time.

## 1. Money is an integer in minor units, with its currency

| v1 | v2 |
| --- | --- |
| \`"total": 59.97, "currency": "EUR"\` | \`"total": { "amount": 5997, "currency": "EUR" }\` |
| \`"unitPrice": 19.99\` | \`"unitPrice": { "amount": 1999, "currency": "EUR" }\` |
| \`"price": 19.99, "currency": "EUR"\` (products) | \`"price": { "amount": 1999, "currency": "EUR" }\` |

\`amount\` is in the currency's minor unit (cents for EUR; JPY has none), so sums are exact integers.

## 2. Pagination metadata is in \`page\`

| v1 | v2 |
| --- | --- |
| \`{ "items": [...], "nextCursor": "..." }\` | \`{ "items": [...], "page": { "limit": 20, "hasMore": true, "nextCursor": "..." } }\` |

Pass \`page.nextCursor\` as \`cursor\` exactly as before; stop when \`page.hasMore\` is false.

## Unchanged

\`GET /v2/orders?status=&limit=&cursor=\`, \`GET /v2/orders/{id}\`, \`POST /v2/orders\` (the same body and
\`Idempotency-Key\`; a key is bound to its version), \`GET /v2/products/{id}\`, \`GET /v2/usage\`, \`POST /v2/exports\`
and \`GET /v2/jobs/{id}\` (the export's lines in the v2 order shape; a job reads the same in both versions); errors
(problem+json with \`code\`), \`RateLimit\` headers, API keys and client-credentials tokens. The documents:
\`GET /v1/openapi.json\`, \`GET /v2/openapi.json\`, and Swagger UI at \`/docs\`.
`;
