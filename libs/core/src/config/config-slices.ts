import { ConfigError } from '../errors';

/** One reader per slice of configuration, each throwing a {@link ConfigError} when its variables are wrong. */
export type SliceReaders = Record<string, () => unknown>;

/** What {@link readSlices} returns: each slice under its key, typed by its reader. */
export type Slices<R extends SliceReaders> = { [K in keyof R]: ReturnType<R[K]> };

/**
 * Runs every slice reader and throws one {@link ConfigError} with the problems of all of them, in the order
 * of the keys, so a process with several libs misconfigured names every bad variable at once. Each lib
 * owns its reader (`readCoreEnv`, `readAuthEnv`, `readRedisEnv`, ...); this only composes them.
 *
 * @example
 * const { core, auth } = readSlices({
 *   core: () => readCoreEnv(env, { port: 3002 }),
 *   auth: () => readAuthEnv(env, { defaultAudience: 'mobile-bff' }),
 * });
 * @throws ConfigError (BFF_ERR_CONFIG) listing each problem as `VARIABLE: what is wrong`
 */
export function readSlices<R extends SliceReaders>(readers: R): Slices<R> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(readers)) {
    try {
      out[key] = read();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Slices<R>;
}
