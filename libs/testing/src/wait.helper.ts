/**
 * Polls `condition` every `intervalMs` (default 50) until it holds; rejects after `timeoutMs` with an error naming
 * `what`. For states a test can observe (a cluster settled, a replica ready), instead of a fixed sleep.
 * @example await waitUntil(() => redis.connected, 5000, 'the connection');
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
