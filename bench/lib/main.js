'use strict';
/**
 * The tail every bench script shares: run `main(group)` with a ChildGroup of its started processes, and stop
 * them all whatever happens, since each runs in its own process group and would outlive the script otherwise.
 */

const { ChildGroup } = require('./processes');

/** The signals that stop a bench script, with its exit code on each (128 + the signal's number). */
const STOP_SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

/**
 * Runs `main(group)` as the script: exits 0 once it resolves; 1 when it rejects, after printing
 * `<name>: FAILED: <message>` and the last output of the started processes; 130, 143 or 129 on SIGINT (Ctrl-C),
 * SIGTERM or SIGHUP, after printing `<name>: <signal>, stopping`. Every started process is stopped first.
 * Example: `runMain((group) => main(group), { name: 'bench:hedge' })`.
 */
function runMain(main, { name = 'bench' } = {}) {
  const group = new ChildGroup();
  process.on('exit', () => group.killAllSync());
  for (const [signal, code] of STOP_SIGNALS) {
    process.once(signal, async () => {
      console.error(`${name}: ${signal}, stopping`);
      await group.stopAll();
      process.exit(code);
    });
  }
  main(group).then(
    async () => {
      await group.stopAll();
      process.exit(0);
    },
    async (err) => {
      console.error(`${name}: FAILED: ${err.message}`);
      const output = group.output();
      if (output) console.error(`last output of the started processes:\n${output}`);
      await group.stopAll();
      process.exit(1);
    },
  );
}

module.exports = { runMain };
