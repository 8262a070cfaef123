import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthRequest } from '@bff/auth';
import { ForbiddenError } from '@bff/core';

/**
 * The partner API serves partners (machine clients), not end users: a user token is refused with 403
 * even when its audience is right.
 */
@Injectable()
export class PartnerOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthRequest>().principal;
    if (principal?.kind !== 'client') throw new ForbiddenError('This API is for partner clients only.');
    return true;
  }
}

/** The partner a principal acts for: its OAuth client id. */
export function partnerIdOf(principal: { clientId?: string; subject: string }): string {
  return principal.clientId ?? principal.subject;
}
