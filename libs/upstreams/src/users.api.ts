import { Injectable } from '@nestjs/common';
import { DownstreamRegistry } from '@bff/downstream';
import { bodyOrNull } from './expect-answer';
import { UPSTREAM, type User } from './upstream.types';

/**
 * Typed access to the users service.
 * @example const user = await users.get('u1', signal); // null when unknown
 */
@Injectable()
export class UsersApi {
  constructor(private readonly registry: DownstreamRegistry) {}

  /** One user, or null when unknown. @throws the downstream errors (timeout 504, unavailable 503, 5xx 502) */
  async get(id: string, signal?: AbortSignal): Promise<User | null> {
    const res = await this.registry
      .get(UPSTREAM.users)
      .get<User>(`/users/${encodeURIComponent(id)}`, { signal });
    return bodyOrNull(UPSTREAM.users, res);
  }
}
