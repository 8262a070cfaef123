import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { SCOPES_KEY } from '@bff/auth';
import { IS_PUBLIC_KEY, RATE_LIMIT_KEY, uriVersionPrefixes } from '@bff/core';
import type { CompiledContract } from '../contract.decorator';
import { CONTRACT_KEY } from '../contracts.constants';
import type { ContractRoute } from './openapi.types';

const METHODS: Partial<Record<RequestMethod, ContractRoute['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/**
 * Every route of the app that has a `@Contract()`, once per version it answers, read from the same metadata
 * Nest routes by (path, method, `version`) and the guards enforce (`@Scopes`, `@Public`, `@SkipRateLimit`).
 * Versions are URI versions (`/v<version>/...`, Nest's `VersioningType.URI` with its default prefix).
 * @example contractRoutes(discovery, scanner, reflector).filter((route) => route.version === '2')
 */
export function contractRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): ContractRoute[] {
  const routes: ContractRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const cls = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!cls?.prototype) continue;
    const prototype = cls.prototype as Record<string, (...args: unknown[]) => unknown>;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[methodName];
      const contract = reflector.get<CompiledContract | undefined>(CONTRACT_KEY, handler);
      if (contract === undefined) continue;
      const method = METHODS[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      if (method === undefined)
        throw new Error(`OpenAPI: ${cls.name}.${methodName} has an unsupported method`);
      const targets = [handler, cls];
      const rateLimit = reflector.getAllAndOverride<{ skip?: boolean } | undefined>(RATE_LIMIT_KEY, targets);
      const shared = {
        method,
        name: operationName(cls.name, methodName),
        contract,
        scopes: reflector.getAllAndOverride<readonly string[] | undefined>(SCOPES_KEY, targets) ?? [],
        public: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
        rateLimited: rateLimit?.skip !== true,
      };
      for (const prefix of uriVersionPrefixes(handler, cls)) {
        const version = prefix === '' ? undefined : prefix.slice(1);
        for (const base of pathsOf(reflector.get(PATH_METADATA, cls))) {
          for (const own of pathsOf(reflector.get(PATH_METADATA, handler))) {
            routes.push({ ...shared, version, path: openApiPath(prefix, base, own) });
          }
        }
      }
    }
  }
  return routes;
}

function pathsOf(value: unknown): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** `('v1', 'orders', ':id')` → `/v1/orders/{id}`. */
function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${joined}`;
}

/** `PartnerOrdersV1Controller.list` → `partnerOrdersV1.list`. */
function operationName(className: string, methodName: string): string {
  const base = className.replace(/Controller$/, '');
  return `${base.charAt(0).toLowerCase()}${base.slice(1)}.${methodName}`;
}
