import { RequestContextStore, type DegradedPart } from '../context';
import { toBffError } from '../errors/problem';

/**
 * Records that an optional part of the current request's answer failed and was left out (or served stale),
 * once per request for each part and code: ten products whose stock could not be loaded are one entry, not
 * ten. REST views copy `ctx.degraded` into `degraded`; GraphQL answers carry it as `extensions.degraded`
 * (see {@link degradedExtensionPlugin}). Logged at warn the first time. Outside a request it does nothing.
 *
 * @example
 * try { return await ctx.loaders.stock.load(id); }
 * catch (err) { markDegraded('stock', err); return null; }
 * @returns the recorded entry (the existing one when already recorded), or undefined outside a request.
 */
export function markDegraded(
  part: string,
  error: unknown,
  options: { stale?: boolean } = {},
): DegradedPart | undefined {
  const ctx = RequestContextStore.current();
  if (!ctx) return undefined;
  const code = toBffError(error).code;
  const stale = options.stale === true;
  const known = ctx.degraded.find((d) => d.part === part && d.code === code && (d.stale === true) === stale);
  if (known) return known;
  const entry: DegradedPart = stale ? { part, code, stale } : { part, code };
  ctx.degraded.push(entry);
  ctx.log.warn({ part, code }, `optional part "${part}" degraded`);
  return entry;
}
