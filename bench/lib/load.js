'use strict';
/** Load runs with autocannon, and what makes a run valid. */

const autocannon = require('autocannon');

/**
 * Loads `GET <url>/v1/home`, each connection cycling through one request per token, for `durationS` seconds or,
 * when `amount` is given, for exactly that many requests.
 * Example: `const result = await loadHome({ url, tokens, connections: 32, durationS: 10 })`.
 * Resolves with autocannon's result; rejects when autocannon cannot start.
 */
function loadHome({ url, tokens, connections, durationS, amount, timeoutS = 10 }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        ...(amount === undefined ? { duration: durationS } : { amount }),
        pipelining: 1,
        timeout: timeoutS,
        requests: tokens.map((token) => ({
          method: 'GET',
          path: '/v1/home',
          headers: { authorization: `Bearer ${token}` },
        })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/** Why a run cannot be trusted (any non-2xx, error, timeout, or no request at all), or undefined when valid. */
function invalidReason(result) {
  const problems = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats || {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code} x${count}`)
      .join(', ');
    problems.push(`${result.non2xx} non-2xx responses (${codes})`);
  }
  if (result.errors > 0) problems.push(`${result.errors} errors (${result.timeouts} timeouts)`);
  if (!(result['2xx'] > 0)) problems.push('no 2xx response at all');
  return problems.length ? problems.join('; ') : undefined;
}

/** The figures the report uses: requests/s (mean over the run's seconds), latency percentiles in ms. */
function summarize(result) {
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result['2xx'],
    durationS: result.duration,
  };
}

module.exports = { loadHome, invalidReason, summarize };
