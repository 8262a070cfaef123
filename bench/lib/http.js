'use strict';
/** Small HTTP helpers for setup and sanity checks (not used under load). */

const { request } = require('undici');

const POLL_INTERVAL_MS = 100;

/**
 * Sends one request and parses a JSON answer when there is one.
 * Example: `const { status, headers, body } = await httpJson('GET', url, { headers })`; rejects on network errors.
 */
async function httpJson(method, url, { headers = {}, json } = {}) {
  const res = await request(url, {
    method,
    headers: json === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: json === undefined ? undefined : JSON.stringify(json),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/**
 * Polls `url` until it answers `status` (default 200); fails fast when `child` exits, or after `timeoutMs`.
 * Example: `await waitForStatus('http://127.0.0.1:3002/health/live', { child, timeoutMs: 30000 })`.
 */
async function waitForStatus(url, { status = 200, child, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && !child.running) {
      const { code, signal } = child.exitInfo;
      throw new Error(
        `${child.name} exited (code ${code}, signal ${signal}) before ${url} answered ${status}`,
      );
    }
    try {
      const res = await httpJson('GET', url);
      if (res.status === status) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = err.code || err.message;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

module.exports = { httpJson, waitForStatus };
