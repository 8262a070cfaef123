import { BFF_ERROR_CATALOG } from '@bff/core';
import { STATUS_CODES } from 'node:http';

/** The problem+json body every error answer has (RFC 9457), with the catalog's codes. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. Branch on `code`, never on `detail`.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', examples: ['urn:bff:error:validation'] },
    title: { type: 'string', examples: ['Invalid request'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', examples: ['Unknown query parameter "colour" (rule: additionalProperties).'] },
    code: { type: 'string', enum: Object.keys(BFF_ERROR_CATALOG).filter((c) => c !== 'BFF_ERR_CONFIG') },
    requestId: { type: 'string', description: 'Also in `x-request-id`; quote it when asking for support.' },
  },
} as const;

const string = { type: 'string' } as const;

/** Response headers the document refers to (`#/components/headers/<name>`). */
export const HEADERS = {
  'RateLimit-Policy': {
    description:
      'The quota policies of this caller (draft-ietf-httpapi-ratelimit-headers): `q` units per `w` seconds.',
    schema: string,
    example: '"minute";q=60;w=60, "daily";q=10000;w=86400',
  },
  RateLimit: {
    description: 'What is left of each policy: `r` units, full again in `t` seconds.',
    schema: string,
    example: '"minute";r=9;t=1, "daily";r=9990;t=86400',
  },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  Deprecation: {
    description: 'RFC 9745: this version is deprecated since this date (`@` Unix seconds).',
    schema: string,
    example: '@1764547200',
  },
  Sunset: { description: 'RFC 8594: this version stops answering after this date.', schema: string },
  Link: { description: 'The migration note, `rel="deprecation"`.', schema: string },
} as const;

/** `{ $ref }` to one of {@link HEADERS}. */
export function headerRef(name: keyof typeof HEADERS): { $ref: string } {
  return { $ref: `#/components/headers/${name}` };
}

/** One error answer: problem+json, with `Retry-After` where the status carries it. */
export function problemResponse(status: number | 'default', rateLimited: boolean): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  if (status === 429 || status === 503) headers['Retry-After'] = headerRef('Retry-After');
  if (status === 429 && rateLimited) {
    headers['RateLimit-Policy'] = headerRef('RateLimit-Policy');
    headers.RateLimit = headerRef('RateLimit');
  }
  return {
    description:
      status === 'default' ? 'Any other error (5xx: upstream or internal failures)' : describe(status),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** What an answer status means, for responses declared without a description. */
export function describe(status: number): string {
  const codes = Object.entries(BFF_ERROR_CATALOG)
    .filter(([, entry]) => entry.status === status)
    .map(([code]) => `\`${code}\``);
  const reason = STATUS_CODES[status] ?? `Status ${status}`;
  return codes.length > 0 ? `${reason}: ${codes.join(', ')}` : reason;
}
