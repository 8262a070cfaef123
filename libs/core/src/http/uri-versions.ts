import { VERSION_NEUTRAL } from '@nestjs/common';
import { VERSION_METADATA } from '@nestjs/common/constants';

/**
 * The URI prefixes a route answers under with Nest's URI versioning (default prefix `v`): `['v1', 'v2']` for
 * `@Controller({ version: ['1', '2'] })` (a handler's `@Version()` wins), `['']` for an unversioned or
 * version-neutral route. What tools reading routes from metadata (route audit, OpenAPI) share.
 * @example uriVersionPrefixes(Ctrl.prototype.list, Ctrl) // ['v1']
 */
export function uriVersionPrefixes(handler: object, cls: object): string[] {
  const value: unknown =
    Reflect.getMetadata(VERSION_METADATA, handler) ?? Reflect.getMetadata(VERSION_METADATA, cls);
  if (value === undefined || value === VERSION_NEUTRAL) return [''];
  return (Array.isArray(value) ? value : [value]).map((version) =>
    version === VERSION_NEUTRAL ? '' : `v${String(version)}`,
  );
}
