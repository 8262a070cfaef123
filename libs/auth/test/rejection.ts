import { isBffError } from '@bff/core';

/** Base64url of a JSON value, for hand-made token segments. */
export const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Runs `fn` and returns the coded error it threw (fails the test if it resolved or threw something else). */
export async function rejection(fn: () => Promise<unknown>): Promise<{
  code: string;
  status: number;
  message: string;
  reason?: string;
  headers: Record<string, string>;
}> {
  try {
    await fn();
  } catch (err) {
    if (!isBffError(err)) throw err;
    const { reason } = err as { reason?: string };
    return { code: err.code, status: err.status, message: err.message, reason, headers: { ...err.headers } };
  }
  throw new Error('expected a rejection');
}
