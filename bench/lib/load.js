'use strict';
/** Load runs with autocannon, and what makes a run valid. */

const autocannon = require('autocannon');

/**
 * Loads `url` with autocannon, each connection cycling through one request per token (`requestOf(token)`, an
 * autocannon request object), for `durationS` seconds or, when `amount` is given, for exactly that many requests;
 * at most `rate` requests/s over all connections when given (else as fast as the target answers).
 * Resolves with autocannon's result; rejects when autocannon cannot start.
 */
function loadPerToken({ url, tokens, connections, durationS, amount, rate, timeoutS = 10 }, requestOf) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        ...(amount === undefined ? { duration: durationS } : { amount }),
        ...(rate > 0 ? { overallRate: rate } : {}),
        pipelining: 1,
        timeout: timeoutS,
        requests: tokens.map(requestOf),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/**
 * Loads `GET <url>/v1/home`, each connection cycling through one request per token, for `durationS` seconds or,
 * when `amount` is given, for exactly that many requests.
 * Example: `const result = await loadHome({ url, tokens, connections: 32, durationS: 10 })`.
 * Resolves with autocannon's result; rejects when autocannon cannot start.
 */
function loadHome(options) {
  return loadPerToken(options, (token) => ({
    method: 'GET',
    path: '/v1/home',
    headers: { authorization: `Bearer ${token}` },
  }));
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

/**
 * The figures of a run (see `summarize`), or throws `<what> is invalid: <reason>` when the run cannot be
 * trusted (see `invalidReason`), since such a run measures nothing useful.
 * Example: `const run = validSummary(result, 'round 1 of baseline')`.
 */
function validSummary(result, what) {
  const reason = invalidReason(result);
  if (reason) throw new Error(`${what} is invalid: ${reason}`);
  return summarize(result);
}

module.exports = { loadPerToken, loadHome, invalidReason, summarize, validSummary };
