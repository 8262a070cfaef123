'use strict';
/**
 * The apps of the monorepo, read from one place: nest-cli.json's projects of type "application", in the order
 * listed there. Build, start and bench derive everything from this list, so a new BFF needs no edit here.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const NEST_CLI = path.join(ROOT, 'nest-cli.json');

/** The app that runs the demo upstreams and the dev identity provider; every other app is a BFF. */
const UPSTREAMS_APP = 'demo-upstreams';
/** Ports of the BFFs CONTRACT.md names; any other BFF gets the next free one from FIRST_EXTRA_PORT on. */
const KNOWN_PORTS = Object.freeze({ 'web-bff': 3001, 'mobile-bff': 3002, 'partner-bff': 3003 });
const FIRST_EXTRA_PORT = 3004;

/**
 * Names of the applications in nest-cli.json, e.g. ['demo-upstreams', 'mobile-bff', 'web-bff', 'partner-bff'].
 * @param {string} [file] path of a nest-cli.json (tests pass their own)
 */
function readApps(file = NEST_CLI) {
  const { projects = {} } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return Object.entries(projects)
    .filter(([, project]) => project.type === 'application')
    .map(([name]) => name);
}

const APPS = readApps();
/** Every BFF (every application but the demo upstreams). */
const BFFS = APPS.filter((app) => app !== UPSTREAMS_APP);

/**
 * Default port of each BFF: the contract's for web-bff, mobile-bff and partner-bff, then 3004, 3005, ... for the
 * others in nest-cli.json order. Example: `bffPorts(['mobile-bff', 'kiosk-bff']) // { 'mobile-bff': 3002, 'kiosk-bff': 3004 }`.
 */
function bffPorts(bffs = BFFS) {
  const taken = new Set(Object.values(KNOWN_PORTS));
  let next = FIRST_EXTRA_PORT;
  const ports = {};
  for (const bff of bffs) {
    if (KNOWN_PORTS[bff] !== undefined) {
      ports[bff] = KNOWN_PORTS[bff];
      continue;
    }
    while (taken.has(next)) next++;
    taken.add(next);
    ports[bff] = next;
  }
  return ports;
}

/** Environment variable that overrides a BFF's port under `npm start`, e.g. MOBILE_BFF_PORT. */
const portVar = (app) => `${app.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PORT`;

/** Path of an app's bundled entry point, e.g. dist/apps/mobile-bff/main.js. */
const entryOf = (app) => path.join(ROOT, 'dist', 'apps', app, 'main.js');

module.exports = { ROOT, APPS, BFFS, UPSTREAMS_APP, readApps, bffPorts, portVar, entryOf };
