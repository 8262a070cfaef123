import { Body, Controller, Module, Post, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp, createLogger } from '@bff/core';
import {
  buildOpenApiDocument,
  deprecationHeaders,
  Contract,
  StringEnum,
  type ContractRoute,
  type ContractSpec,
} from '@bff/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { request } from 'undici';

const NewOrder = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { productId: Type.String({ minLength: 1 }), quantity: Type.Integer({ minimum: 1, maximum: 99 }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    note: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
const Options = Type.Object(
  { dryRun: Type.Optional(Type.Boolean()), channel: Type.Optional(StringEnum(['web', 'api'] as const)) },
  { additionalProperties: false },
);

@Controller('orders')
class OrdersController {
  @Post()
  @Contract({
    summary: 'Create an order',
    body: NewOrder,
    query: Options,
    headers: Type.Object({ 'X-Attempt': Type.Optional(Type.Integer({ minimum: 1 })) }),
    responses: { 201: NewOrder },
  })
  create(@Body() body: Static<typeof NewOrder>, @Query() query: Static<typeof Options>) {
    return { ...body, note: JSON.stringify(query) };
  }
}

@Module({ controllers: [OrdersController] })
class TestModule {}

describe('@Contract() validation (real HTTP)', () => {
  let app: NestFastifyApplication;
  let url: string;
  beforeAll(async () => {
    app = await createApp(TestModule, { logger: createLogger({ name: 'contracts-test', level: 'silent' }) });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const post = async (body: string, query = '', headers: Record<string, string | string[]> = {}) => {
    const res = await request(`${url}/orders${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
  };

  it('hands the handler the validated body and the query coerced to its types', async () => {
    const res = await post('{"items":[{"productId":"p42","quantity":2}]}', '?dryRun=true&channel=api');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      items: [{ productId: 'p42', quantity: 2 }],
      note: '{"dryRun":true,"channel":"api"}',
    });
  });

  it.each([
    [
      '{"items":[{"productId":"p42","quantity":2}],"colour":"red"}',
      'Unknown body field "colour" (rule: additionalProperties).',
    ],
    [
      '{"items":[{"productId":"p42","quantity":2,"price":1}]}',
      'Unknown body field "items[0].price" (rule: additionalProperties).',
    ],
    [
      '{"items":[{"productId":"p42","quantity":0}]}',
      'Body field "items[0].quantity" must be >= 1 (rule: minimum).',
    ],
    [
      '{"items":[{"productId":"p42","quantity":"2"}]}',
      'Body field "items[0].quantity" must be integer (rule: type).',
    ],
    ['{"items":[{"quantity":2}]}', 'Body field "items[0].productId" is required (rule: required).'],
    ['{"items":[]}', 'Body field "items" must NOT have fewer than 1 items (rule: minItems).'],
    ['{}', 'Body field "items" is required (rule: required).'],
    ['[1]', 'The request body must be object (rule: type).'],
    [
      '{"items":[{"productId":"p42","quantity":2}],"note":"' + 'x'.repeat(30) + '"}',
      'Body field "note" must NOT have more than 20 characters (rule: maxLength).',
    ],
  ])('refuses %s with a 400 naming the field and the rule', async (body, detail) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BFF_ERR_VALIDATION', detail });
  });

  it.each([
    ['?dryRun=maybe', 'Query parameter "dryRun" must be boolean (rule: type).'],
    ['?channel=fax', 'Query parameter "channel" must be one of web, api (rule: enum).'],
    ['?dryRun=true&dryRun=false', 'Query parameter "dryRun" must appear once (rule: type).'],
    ['?%E2%80%AEevil%22=1', 'Unknown query parameter "?evil?" (rule: additionalProperties).'],
  ])(
    'refuses the query %s with a 400 naming the parameter, never echoing odd characters',
    async (query, detail) => {
      const res = await post('{"items":[{"productId":"p42","quantity":2}]}', query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BFF_ERR_VALIDATION', detail });
    },
  );

  it('validates the declared request headers (names case-insensitive), never the others', async () => {
    const body = '{"items":[{"productId":"p42","quantity":2}]}';
    expect((await post(body, '', { 'x-attempt': '2', 'x-other': 'anything' })).status).toBe(201);
    for (const [value, detail] of [
      ['zero', 'Header "X-Attempt" must be integer (rule: type).'],
      ['0', 'Header "X-Attempt" must be >= 1 (rule: minimum).'],
      [['1', '2'], 'Header "X-Attempt" must appear once (rule: type).'],
    ] as const) {
      const res = await post(body, '', { 'X-Attempt': value as string | string[] });
      expect([res.status, res.body.detail]).toEqual([400, detail]);
    }
  });
});

describe('@Contract() and the document builder refuse what they cannot keep, at startup', () => {
  it('refuses an open request object (unknown fields would pass silently)', () => {
    expect(() =>
      Contract({ summary: 'x', body: Type.Object({ a: Type.String() }), responses: { 200: Type.Null() } }),
    ).toThrow(/body must be closed with additionalProperties: false/);
    expect(() =>
      Contract({
        summary: 'x',
        body: Type.Object({ nested: Type.Object({ a: Type.String() }) }, { additionalProperties: false }),
        responses: { 200: Type.Null() },
      }),
    ).toThrow(/body\.nested must be closed/);
  });

  it.each(['query', 'body'] as const)(
    'refuses a %s schema that breaks the JSON Schema meta-schema',
    (part) => {
      const schema = Type.Object(
        { n: Type.Integer({ minimum: 'one' as unknown as number }) },
        { additionalProperties: false },
      );
      expect(() => Contract({ summary: 'x', [part]: schema, responses: { 200: Type.Null() } })).toThrow(
        /schema is invalid: data\/properties\/n\/minimum must be number/,
      );
    },
  );

  const route = (spec: Partial<ContractSpec>, path = '/v1/things'): ContractRoute => {
    const full: ContractSpec = {
      summary: 'Things',
      responses: { 200: Type.Object({ n: Type.Integer() }) },
      ...spec,
    };
    return {
      method: 'get',
      path,
      version: '1',
      name: 'things.list',
      contract: { spec: full, validate: {} },
      scopes: ['things:read'],
      public: false,
      rateLimited: true,
    };
  };
  const build = (routes: ContractRoute[]) =>
    buildOpenApiDocument(routes, {
      title: 't',
      version: '1',
      security: {
        oauth2: { tokenUrl: 'https://idp.example/token', scopes: { 'things:read': 'Read things' } },
      },
    });

  it('builds a document from a valid route', () => {
    const doc = build([route({})]);
    expect(doc.paths['/v1/things'].get.security).toEqual([{ oauth2: ['things:read'] }]);
  });

  it.each([
    [
      'an example breaking its schema',
      route({ responses: { 200: { schema: Type.Object({ n: Type.Integer() }), example: { n: 'one' } } } }),
      /200 example breaks its schema/,
    ],
    [
      'a path parameter without a schema',
      route({}, '/v1/things/{id}'),
      /path parameter "id" without a schema/,
    ],
    [
      'a scope the security options do not describe',
      { ...route({}), scopes: ['things:write'] },
      /scope "things:write"/,
    ],
  ])('refuses %s', (_what, bad, message) => {
    expect(() => build([bad as ContractRoute])).toThrow(message);
  });

  it('documents request headers, response headers and a non-JSON media type', () => {
    const doc = build([
      route({
        headers: Type.Object({ 'Idempotency-Key': Type.Optional(Type.String()) }),
        responses: {
          202: {
            schema: Type.String(),
            contentType: 'application/x-ndjson',
            example: '{"n":1}\n',
            headers: { Location: { description: 'The job.', required: true } },
          },
        },
      }),
    ]);
    const op = doc.paths['/v1/things'].get;
    expect(JSON.parse(JSON.stringify(op.parameters))).toEqual([
      { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
    ]);
    expect(op.responses['202']).toMatchObject({
      description: 'Accepted',
      headers: { Location: { description: 'The job.', required: true, schema: { type: 'string' } } },
      content: { 'application/x-ndjson': { schema: { type: 'string' }, example: '{"n":1}\n' } },
    });
  });

  it('refuses two operations with one id', () => {
    expect(() => build([route({}), route({}, '/v1/other')])).toThrow(
      /operationId "things.list" is used twice/,
    );
  });
});

describe('deprecationHeaders', () => {
  it('writes RFC 9745 Deprecation, RFC 8594 Sunset and the deprecation Link', () => {
    expect(
      deprecationHeaders({
        deprecatedAt: new Date('2026-12-01T00:00:00Z'),
        sunsetAt: new Date('2027-06-30T23:59:59Z'),
        link: '/docs/migrating-to-v2',
      }),
    ).toEqual({
      Deprecation: '@1796083200',
      Sunset: 'Wed, 30 Jun 2027 23:59:59 GMT',
      Link: '</docs/migrating-to-v2>; rel="deprecation"',
    });
  });

  it('refuses an invalid date at startup', () => {
    expect(() => deprecationHeaders({ deprecatedAt: new Date('soon'), link: '/x' })).toThrow(/deprecatedAt/);
  });
});
