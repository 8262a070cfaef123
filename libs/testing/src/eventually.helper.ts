/**
 * Resolves once `predicate` holds, checking every 25 ms; rejects after `timeoutMs`. For state another process or
 * an I/O callback changes (a server's readiness, a key set refreshed by a background fetch), never as a sleep.
 * @example await eventually(async () => (await fetch(`${url}/health/ready`)).status === 200, 5000);
 */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
