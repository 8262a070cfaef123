import { StringEnum } from '@bff/contracts';
import { Type, type Static } from '@sinclair/typebox';

/** The partner API versions an export can be written in (the order shape of its lines). */
export type ApiVersion = '1' | '2';

/** An instant as partners write it: an RFC 3339 date (`2024-01-01`, midnight UTC) or date-time. */
const Instant = Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], {
  description: 'RFC 3339 date (midnight UTC) or date-time',
  examples: ['2023-01-01', '2023-06-30T12:00:00Z'],
});

/** `POST /v<n>/exports` body: every order of the partner created in `[from, to)`. */
export const NewExport = Type.Object(
  {
    from: Instant,
    to: Instant,
    callbackUrl: Type.Optional(
      Type.String({
        format: 'uri',
        maxLength: 2048,
        description:
          'Receives a signed POST (Standard Webhooks) when the export finishes; allow-listed hosts only',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewExport = Static<typeof NewExport>;

/** `GET /v<n>/jobs/{id}` (and the `202` of `POST /v<n>/exports`). */
export const JobResponse = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.String({ examples: ['orders-export'] }),
    status: StringEnum(['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const),
    progress: Type.Object({
      done: Type.Integer({ minimum: 0 }),
      total: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
    result: Type.Optional(
      Type.Object({ lines: Type.Integer(), bytes: Type.Integer(), contentType: Type.String() }),
    ),
    error: Type.Optional(Type.Object({ code: Type.String(), detail: Type.String() })),
    links: Type.Object({
      self: Type.String({ description: 'Poll here: `/v<n>/jobs/{id}`.' }),
      result: Type.String({ description: 'The result once `status` is `succeeded`.' }),
    }),
  },
  { additionalProperties: false },
);
export type JobResponse = Static<typeof JobResponse>;
