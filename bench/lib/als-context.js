'use strict';
/**
 * A preload (`node --require ./bench/lib/als-context.js bench/baseline.js`, what `BENCH_BASELINE_CONTEXT=als`
 * does) that runs every HTTP request of the process inside an `AsyncLocalStorage` store, as any server with an
 * implicit request context does (the framework's request context, nestjs-cls, OpenTelemetry's context manager).
 * On Node 20 that turns on AsyncLocalStorage's promise hooks for every promise of the process, which is what
 * the baseline then pays too; the store itself (the request) is never read.
 */

const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');

const storage = new AsyncLocalStorage();
const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitInRequestContext(event, ...args) {
  if (event !== 'request') return emit.call(this, event, ...args);
  return storage.run(args[0], () => emit.call(this, event, ...args));
};
