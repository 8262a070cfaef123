import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { CompiledContract } from './contract.decorator';
import { CONTRACT_KEY } from './contracts.constants';

interface ValidatedRequest {
  params?: unknown;
  raw?: { rawHeaders?: readonly string[] };
  query?: unknown;
  body?: unknown;
}

/**
 * Validates a route's path parameters, query, declared headers and body against its `@Contract()` after admission (guards) and
 * before the handler and its pipes, and hands the handler the validated values (query and path coerced to
 * their types). A refusal is a `ValidationError`, rendered as 400 problem+json by the one error filter.
 * Added to a route by `@Contract()` itself.
 */
@Injectable()
export class ContractValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contract = this.reflector.get<CompiledContract | undefined>(CONTRACT_KEY, context.getHandler());
    if (contract !== undefined && context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<ValidatedRequest>();
      const { path, query, headers, body } = contract.validate;
      if (path) request.params = path(request.params ?? {});
      if (query) request.query = query(request.query ?? {});
      if (headers) headers(request.raw?.rawHeaders ?? []);
      if (body) request.body = body(request.body);
    }
    return next.handle();
  }
}
