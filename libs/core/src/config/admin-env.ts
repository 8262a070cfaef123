import { ConfigError } from '../errors';
import { env, type Env, readEnv } from './env';

/** Where the admin listener (detailed health, `/metrics`, `/status`) listens, when the app has one. */
export interface AdminListenerConfig {
  /** `ADMIN_PORT`: the admin listener's port (0 = any free port). */
  port: number;
  /** `ADMIN_HOST`: the admin listener's address. Default is 127.0.0.1, so it is not exposed with the API. */
  host: string;
}

/**
 * Reads `ADMIN_PORT` and `ADMIN_HOST`: unset `ADMIN_PORT` means no admin listener (the operator routes stay on
 * the API port, as in the demo stack); a port equal to the API's `PORT` is refused.
 * @example readAdminEnv({ ADMIN_PORT: '9464' }, 3002) // { port: 9464, host: '127.0.0.1' }
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readAdminEnv(source: Env, apiPort: number | undefined): AdminListenerConfig | undefined {
  const raw = readEnv(source, {
    ADMIN_PORT: env.optionalString(),
    ADMIN_HOST: env.string('127.0.0.1'),
  });
  if (raw.ADMIN_PORT === undefined) return undefined;
  const problems: string[] = [];
  const port = env.port()('ADMIN_PORT', raw.ADMIN_PORT, problems);
  if (problems.length === 0 && port !== 0 && port === apiPort)
    problems.push(`ADMIN_PORT: must differ from PORT (${port})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host: raw.ADMIN_HOST };
}
