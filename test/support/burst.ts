import type { Pool } from 'undici';

/**
 * `count` GETs of `path` with `bearer`, round robin over `pools` (one per replica), `concurrency` at a time;
 * resolves with the statuses in the order they arrived.
 */
export async function burst(
  pools: readonly Pool[],
  bearer: string,
  count: number,
  concurrency: number,
  path = '/v1/home',
): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const res = await pools[i % pools.length].request({
        path,
        method: 'GET',
        headers: { authorization: `Bearer ${bearer}` },
      });
      await res.body.dump();
      statuses.push(res.statusCode);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

/** How many of `statuses` are `status`. */
export const countOf = (statuses: readonly number[], status: number): number =>
  statuses.filter((s) => s === status).length;
