'use strict';
/**
 * The process part of the hand-written baselines (bench/baseline.js, bench/web-baseline.js): reading a required
 * variable, listening, closing on a signal, and failing at start. Plain Node: no framework code, so the
 * baselines still share nothing with the framework they are measured against.
 */

/** The value of the environment variable `name`; throws `<name> is required` when unset or empty. */
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/**
 * Listens with the Fastify `app` on `HOST` (default 127.0.0.1) and `PORT` (default `defaultPort`); on SIGTERM
 * or SIGINT closes it, then awaits `release()` (pools, servers) and exits 0.
 */
async function serveUntilSignal(app, defaultPort, release) {
  await app.listen({ host: process.env.HOST || '127.0.0.1', port: Number(process.env.PORT || defaultPort) });
  const close = async () => {
    await app.close();
    await release();
    process.exit(0);
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/** Runs `main()`; when it rejects, prints `<name>: <message>` and exits 1. */
function runBaseline(name, main) {
  main().catch((err) => {
    console.error(`${name}: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { required, serveUntilSignal, runBaseline };
