'use strict';
/** Load runs of `POST /graphql` with the viewer query. */

const autocannon = require('autocannon');

/** The measured query: 10 orders of 3 items each, with product and stock (4 upstream calls). */
const VIEWER_QUERY =
  '{ viewer { id name email orders(first: 10) { id status total currency ' +
  'items { quantity product { id name price stock { available } } } } } }';

const BODY = JSON.stringify({ query: VIEWER_QUERY });

/**
 * Loads `POST <url>/graphql`, each connection cycling through one request per token, for `durationS` seconds or
 * exactly `amount` requests. Resolves with autocannon's result.
 * Example: `const result = await loadGraphQL({ url, tokens, connections: 32, durationS: 6 })`.
 */
function loadGraphQL({ url, tokens, connections, durationS, amount, timeoutS = 10 }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        ...(amount === undefined ? { duration: durationS } : { amount }),
        pipelining: 1,
        timeout: timeoutS,
        requests: tokens.map((token) => ({
          method: 'POST',
          path: '/graphql',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: BODY,
        })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

module.exports = { VIEWER_QUERY, loadGraphQL };
