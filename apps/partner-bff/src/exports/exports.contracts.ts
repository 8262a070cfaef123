import type { ContractSpec } from '@bff/contracts';
import { Type } from '@sinclair/typebox';
import { IdParams } from '../api/partner.schemas';
import { EXAMPLE_ORDER_V1 } from '../orders/order.examples';
import { JobResponse, NewExport, type ApiVersion } from './export.schemas';

const JOB_ID = '3f0c6a52-6d2e-4a8f-9d1b-2f4e5c7a9b10';

function exampleJob(version: ApiVersion, status: 'queued' | 'succeeded'): JobResponse {
  const self = `/v${version}/jobs/${JOB_ID}`;
  const done = status === 'succeeded';
  return {
    id: JOB_ID,
    kind: 'orders-export',
    status,
    progress: done ? { done: 10_000, total: 10_000 } : { done: 0 },
    createdAt: '2026-12-01T10:00:00.000Z',
    ...(done
      ? {
          finishedAt: '2026-12-01T10:00:04.000Z',
          result: { lines: 10_000, bytes: 2_481_000, contentType: 'application/x-ndjson' },
        }
      : {}),
    links: { self, result: `${self}/result` },
  };
}

/** `POST /v<n>/exports`: 202 at once, the job runs in the background. */
export function createExportContract(version: ApiVersion): ContractSpec {
  return {
    operationId: 'createExport',
    summary: 'Export your orders in a date range as NDJSON (an async job)',
    description:
      `Answers 202 at once with the queued job and \`Location: /v${version}/jobs/{id}\`; poll it, then fetch ` +
      `its result. The lines have the v${version} order shape. A partner has a bounded number of active jobs ` +
      '(429 with `Retry-After` past it). With `callbackUrl`, a signed webhook is sent when the job finishes.',
    tags: ['exports'],
    body: NewExport,
    bodyExample: { from: '2023-01-01', to: '2024-01-01' },
    responses: {
      202: {
        schema: JobResponse,
        example: exampleJob(version, 'queued'),
        description: 'Accepted: the job is queued',
        headers: { Location: { description: `The job: \`/v${version}/jobs/{id}\`.`, required: true } },
      },
    },
    errors: [429],
    scopes: ['orders:read'],
  };
}

/** `GET /v<n>/jobs/{id}`: another partner's job is a 404, as an unknown one. */
export function getJobContract(version: ApiVersion): ContractSpec {
  return {
    operationId: 'getJob',
    summary: 'Status and progress of one of your jobs',
    tags: ['exports'],
    params: IdParams,
    responses: { 200: { schema: JobResponse, example: exampleJob(version, 'succeeded') } },
    errors: [404],
    scopes: ['orders:read'],
  };
}

/** `GET /v<n>/jobs/{id}/result`: the NDJSON stream of a succeeded job. */
export function getJobResultContract(): ContractSpec {
  return {
    operationId: 'getJobResult',
    summary: 'The result of one of your succeeded jobs, streamed',
    description:
      'For an export: NDJSON, one order per line (the shape of `getOrder` in the version the export was ' +
      'asked in), oldest first, each line ending in `\\n`. 409 until the job has succeeded.',
    tags: ['exports'],
    params: IdParams,
    responses: {
      200: {
        contentType: 'application/x-ndjson',
        schema: Type.String({ description: 'Newline-delimited JSON.' }),
        example: `${JSON.stringify(EXAMPLE_ORDER_V1)}\n`,
      },
    },
    errors: [404, 409],
    scopes: ['orders:read'],
  };
}
