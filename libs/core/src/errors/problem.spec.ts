import {
  BadRequestException,
  ConflictException,
  GoneException,
  HttpException,
  ImATeapotException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { BFF_ERROR_CATALOG } from './error-catalog';
import { rawProblemResponse, toBffError } from './problem';
import { RequestTimeoutError } from './core.errors';

describe('toBffError', () => {
  it.each([
    ['a Nest 400', new BadRequestException('limit must be positive'), 400, 'BFF_ERR_VALIDATION'],
    ['a Nest 409', new ConflictException('in progress'), 409, 'BFF_ERR_CONFLICT'],
    ['a Nest 422', new UnprocessableEntityException('other body'), 422, 'BFF_ERR_UNPROCESSABLE'],
    ['a Nest 410', new GoneException('expired'), 410, 'BFF_ERR_REQUEST_REJECTED'],
    ['a Nest 418', new ImATeapotException(), 418, 'BFF_ERR_REQUEST_REJECTED'],
    ['a Nest 503', new HttpException('down', 503), 500, 'BFF_ERR_INTERNAL'],
    [
      'fastify bad URL',
      Object.assign(new Error("'/a%zz' is not a valid url component"), { code: 'FST_ERR_BAD_URL' }),
      400,
      'BFF_ERR_MALFORMED_REQUEST',
    ],
    [
      'fastify param length',
      Object.assign(new Error('/x'), { code: 'FST_ERR_MAX_PARAM_LENGTH' }),
      414,
      'BFF_ERR_URI_TOO_LONG',
    ],
  ])('maps %s onto a fixed catalog entry', (_name, thrown, status, code) => {
    const err = toBffError(thrown);
    expect({ status: err.status, code: err.code }).toEqual({ status, code });
    expect(Object.keys(BFF_ERROR_CATALOG)).toContain(err.code);
    expect(err.message).not.toMatch(/%zz|\/x/);
  });

  it('creates no class per status: two rejected statuses share one class', () => {
    const gone = toBffError(new GoneException());
    const teapot = toBffError(new ImATeapotException());
    expect(gone.constructor).toBe(teapot.constructor);
  });
});

describe('rawProblemResponse', () => {
  it('is a whole HTTP/1.1 answer with a problem+json body that closes the connection', () => {
    const raw = rawProblemResponse(new RequestTimeoutError('The request was not received in time.'), 'req-1');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 408 Request Timeout',
      'content-type: application/problem+json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'x-request-id: req-1',
      'connection: close',
    ]);
    expect(JSON.parse(body)).toEqual({
      type: 'urn:bff:error:request-timeout',
      title: 'Request timeout',
      status: 408,
      detail: 'The request was not received in time.',
      code: 'BFF_ERR_REQUEST_TIMEOUT',
      requestId: 'req-1',
    });
  });
});
