import { Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AUTH_OPTIONAL_KEY, IS_PUBLIC_KEY, SCOPES_KEY, type RouteAudit } from '@bff/auth';
import { ConfigError, RouteMetadataOverrides, SKIP_RATE_LIMIT } from '@bff/core';
import type { UpstreamOptions } from '@bff/downstream';
import { defineRateLimitPolicies, RATE_LIMIT_KEY, type RateLimitMetadata } from '@bff/rate-limit';
import { routePath } from './policy-file';
import { describeUpstream } from './policy-table';
import type { EffectivePolicy } from './policy-upstreams';
import type { RoutePolicy } from './policy.schema';

/**
 * Applies a policy file's routes to the app and reports what the file made of it: on module init each route
 * key (`GET /v1/home`, `Query viewer`) is found among the app's routes (`RouteAudit.handlers()`) and its
 * settings become that route's metadata, exactly what `@RateLimit`/`@SkipRateLimit` and `@Public`/`@Scopes`
 * write, so admission, field authorization and the route audit read them as decorators; a key naming no route
 * stops the start-up. Once bootstrapped it logs one `PolicyTable` line per upstream with its effective options
 * (file, app tuning and environment merged), which `npm run config:check` prints.
 */
export class PolicyRoutes implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('PolicyTable');

  constructor(
    private readonly audit: RouteAudit,
    private readonly overrides: RouteMetadataOverrides,
    private readonly policy: EffectivePolicy | undefined,
    private readonly upstreams: Readonly<Record<string, UpstreamOptions>>,
  ) {}

  onModuleInit(): void {
    const routes = this.policy?.routes ?? {};
    if (Object.keys(routes).length === 0) return;
    const handlers = new Map(this.audit.handlers().map((h) => [`${h.method} ${h.path}`, h.handler]));
    const problems: string[] = [];
    for (const [key, route] of Object.entries(routes)) {
      const handler = handlers.get(key);
      if (!handler) problems.push(`${this.policy!.file}: ${routePath(key)}: the app has no such route`);
      else this.overrides.set(handler, routeMetadata(key, route));
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }

  onApplicationBootstrap(): void {
    this.logger.log(`policy file ${this.policy?.file ?? 'none'}`);
    for (const [name, options] of Object.entries(this.upstreams))
      this.logger.log(`upstream ${describeUpstream(name, options)}`);
    for (const key of Object.keys(this.policy?.routes ?? {}))
      this.logger.log(`route ${key} set by the policy file`);
  }
}

/** The metadata a route's policy stands for, under the keys its decorators write. */
export function routeMetadata(key: string, route: RoutePolicy): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (route.rateLimit === 'skip') metadata[RATE_LIMIT_KEY] = SKIP_RATE_LIMIT;
  else if (route.rateLimit !== undefined) {
    const policies = defineRateLimitPolicies(route.rateLimit, `${routePath(key)}.rateLimit`);
    metadata[RATE_LIMIT_KEY] = Object.freeze({ skip: false, policies }) satisfies RateLimitMetadata;
  }
  const { auth } = route;
  if (auth?.public !== undefined) metadata[IS_PUBLIC_KEY] = auth.public;
  if (auth?.optional !== undefined) metadata[AUTH_OPTIONAL_KEY] = auth.optional;
  if (auth?.scopes !== undefined) metadata[SCOPES_KEY] = Object.freeze([...auth.scopes]);
  return metadata;
}
