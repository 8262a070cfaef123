import { randomBytes } from 'node:crypto';

/** A new claim token: 32 lower-case hex characters, unguessable, so only the claim's holder can finish it. */
export function newClaimToken(): string {
  return randomBytes(16).toString('hex');
}
