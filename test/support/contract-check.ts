import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '@bff/contracts';
import type { CallInit, CallResult, RunningBff } from './bff-harness';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/**
 * Validates a document against the OpenAPI schema of its version (@seriousme/openapi-schema-validator, run in
 * a child process because the package is ESM only).
 */
export function validateOpenApi(document: unknown): { valid: boolean; version: string; errors: unknown[] } {
  const res = spawnSync(process.execPath, [path.join(__dirname, 'validate-openapi.mjs')], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`openapi validator failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as { valid: boolean; version: string; errors: unknown[] };
}

/** The documents a BFF serves, by version, fetched over HTTP as a partner would. */
export async function fetchDocuments(
  bff: Pick<RunningBff, 'call'>,
  versions: readonly string[] = ['1', '2'],
): Promise<Record<string, OpenApiDocument>> {
  const out: Record<string, OpenApiDocument> = {};
  for (const version of versions) {
    const res = await bff.call(`/v${version}/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /v${version}/openapi.json answered ${res.status}`);
    out[version] = res.body as OpenApiDocument;
  }
  return out;
}

/** The document's path template matching a concrete path (`/v1/orders/o1` → `/v1/orders/{id}`), if any. */
export function routeTemplateOf(
  document: OpenApiDocument,
  method: string,
  urlPath: string,
): string | undefined {
  const pathOnly = urlPath.split('?')[0];
  const params = (template: string) => template.split('{').length;
  return Object.keys(document.paths)
    .sort((a, b) => params(a) - params(b)) // a literal segment wins over a parameter
    .find((template) => {
      if (document.paths[template][method.toLowerCase()] === undefined) return false;
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return new RegExp(`^${pattern}$`).test(pathOnly);
    });
}

/**
 * Asserts that an answer is what the document promises for its route and status: the status is documented (a
 * 4xx explicitly; `default` covers only 5xx), the media type is the documented one, the documented required
 * headers are there, and the body matches the schema, read strictly (an object may carry no property the
 * document does not name, so a leaked field fails too).
 * @example expectResponseMatchesContract(doc, 'GET', '/v1/orders/{id}', res.status, res.body, res.headers)
 */
export function expectResponseMatchesContract(
  document: OpenApiDocument,
  method: string,
  routeTemplate: string,
  status: number,
  body: unknown,
  headers: CallResult['headers'] = {},
): void {
  const where = `${method.toUpperCase()} ${routeTemplate} → ${status}`;
  const operation = document.paths[routeTemplate]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`${where}: no such operation in the document`);
  const declared =
    operation.responses[String(status)] ?? (status >= 500 ? operation.responses.default : undefined);
  if (declared === undefined) throw new Error(`${where}: status not documented`);
  const response = deref(document, declared) as {
    content?: Record<string, { schema: unknown }>;
    headers?: Record<string, { required?: boolean }>;
  };
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (
      (deref(document, header) as { required?: boolean }).required &&
      headers[name.toLowerCase()] === undefined
    ) {
      throw new Error(`${where}: required header ${name} missing`);
    }
  }
  if (response.content === undefined) {
    if (body !== '' && body !== undefined) throw new Error(`${where}: a body where none is documented`);
    return;
  }
  const contentType = String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const media = response.content[contentType];
  if (media === undefined) {
    throw new Error(
      `${where}: media type "${contentType}" not documented (${Object.keys(response.content)})`,
    );
  }
  const validate = ajv.compile(closed(deref(document, media.schema)) as object);
  if (!validate(body)) {
    throw new Error(
      `${where}: body breaks the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
  }
}

/**
 * The BFF with every answer to a documented route checked against the documents ({@link
 * expectResponseMatchesContract}); `checked()` counts them, so a suite can prove it checked what it received.
 */
export function withContractChecks(
  bff: RunningBff,
  documents: Readonly<Record<string, OpenApiDocument>>,
): RunningBff & { checked(): number } {
  let checked = 0;
  const call = async (urlPath: string, init: CallInit = {}): Promise<CallResult> => {
    const res = await bff.call(urlPath, init);
    const version = /^\/v([^/]+)\//.exec(urlPath)?.[1];
    const document = version === undefined ? undefined : documents[version];
    const method = init.method ?? 'GET';
    const template = document && routeTemplateOf(document, method, urlPath);
    if (document && template) {
      expectResponseMatchesContract(document, method, template, res.status, res.body, res.headers);
      checked++;
    }
    return res;
  };
  return { ...bff, call, checked: () => checked };
}

/** `schema` with every `#/components/...` reference replaced by its target (the documents have no cycles). */
function deref(document: OpenApiDocument, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => deref(document, item));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], document);
    const { $ref: _ref, ...rest } = schema as Record<string, unknown>;
    return { ...(deref(document, target) as object), ...rest };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, deref(document, value)]));
}

/** Objects that do not say otherwise admit no other property (the strict reading of a response schema). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if (out.properties !== undefined && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}
