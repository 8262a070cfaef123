#!/usr/bin/env node
'use strict';
/** `npm run bench:auth`: the auth guard alone (see bench/auth.bench.ts); runs the bundle the build makes. */
require('../dist/cli/bench-auth.js');
