import { ConfigError } from '../errors';

/**
 * Runs an app's `main`: a configuration problem is printed as one clear message naming each variable and
 * exits with status 1 (no stack trace); any other startup failure is printed and exits with status 1 too.
 * @example runMain('mobile-bff', async () => { const config = loadConfig(process.env); ... });
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name} refuses to start. ${err.message}\n`);
    } else {
      process.stderr.write(
        `${name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  });
}
