'use strict';
/** Load runs of `POST /graphql` with the viewer query. */

const { loadPerToken } = require('./load');

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
function loadGraphQL(options) {
  return loadPerToken(options, (token) => ({
    method: 'POST',
    path: '/graphql',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: BODY,
  }));
}

module.exports = { VIEWER_QUERY, loadGraphQL };
