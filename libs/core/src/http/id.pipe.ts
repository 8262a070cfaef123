import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationError } from '../errors';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Accepts a resource id made of letters, digits, `_` and `-` (at most 64), so nothing odd is ever
 * interpolated into an upstream path.
 * @example @Get(':id') get(@Param('id', IdPipe) id: string) {}
 * @throws ValidationError (BFF_ERR_VALIDATION, 400)
 */
@Injectable()
export class IdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !ID.test(value)) throw new ValidationError('The id is malformed.');
    return value;
  }
}
