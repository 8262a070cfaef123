import { resolveUpstreamOptions, type UpstreamOptions } from '@bff/downstream';

/**
 * One line of the effective upstream table: where calls go (instances with weight and version, the canary rule,
 * DNS re-resolution) and every policy with its resolved values, defaults included.
 * @example describeUpstream('catalog', { baseUrl: 'http://127.0.0.1:4003' })
 * // 'catalog http://127.0.0.1:4003 | timeouts connect 1000 headers 5000 body 5000 ms | breaker 50% of >= 20 calls in 10000 ms or 5 timeouts in a row, open 5000 ms | ...'
 */
export function describeUpstream(name: string, options: UpstreamOptions): string {
  const o = resolveUpstreamOptions(name, options);
  const { breaker, bulkhead, retry } = o.resilience;
  const instances = o.instances
    .map((i) => {
      const tags = [...(i.weight !== 1 ? [`weight ${i.weight}`] : []), ...(i.version ? [i.version] : [])];
      return tags.length > 0 ? `${i.origin} (${tags.join(', ')})` : i.origin;
    })
    .join(', ');
  const canary = o.canary
    ? [
        `canary ${o.canary.version}: ${o.canary.percent}%`,
        ...(o.canary.header
          ? [
              `${o.canary.header.name}${o.canary.header.value !== undefined ? `=${o.canary.header.value}` : ''}`,
            ]
          : []),
      ].join(' + ')
    : undefined;
  const routes = (r: readonly string[] | undefined) => (r && r.length > 0 ? r.join(',') : 'every GET');
  return [
    `${name} ${instances}${o.basePath}`,
    ...(canary ? [canary] : []),
    o.dns ? `dns every ${o.dns.ttlMs} ms` : 'dns off',
    `timeouts connect ${o.connectTimeoutMs} headers ${o.headersTimeoutMs} body ${o.bodyTimeoutMs} ms`,
    `connections ${o.connections}`,
    breaker
      ? `breaker ${pct(breaker.failureRate)} of >= ${breaker.minimumCalls} calls in ${breaker.windowMs} ms${breaker.consecutiveTimeouts > 0 ? ` or ${breaker.consecutiveTimeouts} timeouts in a row` : ''}, open ${breaker.openMs} ms`
      : 'breaker off',
    bulkhead ? `bulkhead ${bulkhead.maxConcurrent} + ${bulkhead.maxQueue} queued` : 'bulkhead off',
    retry ? `retry ${retry.retries}, budget ${pct(retry.budgetRatio)}` : 'retry off',
    o.cache ? `cache ${routes(o.cache.routes)}${o.cache.shared ? ' shared' : ''}` : 'cache off',
    o.coalesce ? 'coalesce' : 'coalesce off',
    o.hedge ? `hedge after ${o.hedge.delayMs} on ${routes(o.hedge.routes)}` : 'hedge off',
  ].join(' | ');
}

function pct(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
