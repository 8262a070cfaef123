'use strict';
/** The apps of the monorepo and where their builds land. */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APPS = ['demo-upstreams', 'mobile-bff', 'web-bff', 'partner-bff'];

/** Path of an app's bundled entry point, e.g. dist/apps/mobile-bff/main.js. */
const entryOf = (app) => path.join(ROOT, 'dist', 'apps', app, 'main.js');

module.exports = { ROOT, APPS, entryOf };
