/**
 * The keys CLI (`npm run keys -- <command>`, entry `scripts/keys.js`, bundled by the build as dist/cli/keys.js):
 * manages partner API keys in the store the BFF's environment names
 * (`AUTH_API_KEY_STORE`, `AUTH_API_KEYS_FILE`, `REDIS_URL`, read by the same readers as the BFF).
 *
 *   create --client <id> --scopes "<a b>" [--tenant <t>] [--tier <tier>] [--expires <ISO time>]
 *          [--networks "<cidr cidr>"]   (client networks the key may be used from; default anywhere)
 *   list   [--client <id>]
 *   rotate --client <id> [--grace-hours <n>]   (default 24: the old key expires a day later)
 *   revoke <key id>
 *   revoke-token --issuer <iss> --jti <jti> --until <ISO time of the token's exp>   (needs REDIS_URL)
 *
 * The new key of `create` and `rotate` is the only secret ever printed: alone on stdout, once. Everything
 * else (ids, hints, grants, times) goes to stderr or, for `list`, to stdout as JSON lines. Hashes are never
 * printed.
 */
import { ConfigError, type Env } from '@bff/core';
import { RedisConnection, readRedisEnv, redisTarget } from '@bff/redis';
import {
  ApiKeyManagementError,
  ApiKeyManager,
  FileApiKeyStore,
  RedisApiKeyStore,
  RedisTokenRevocations,
  readApiKeysEnv,
  type ApiKeyStore,
  type TokenRevocation,
} from '@bff/auth';

const USAGE = `usage: npm run keys -- create --client <id> --scopes "<a b>" [--tenant <t>] [--tier <tier>] [--expires <ISO>] [--networks "<cidr ...>"]
       npm run keys -- list [--client <id>]
       npm run keys -- rotate --client <id> [--grace-hours <n>]
       npm run keys -- revoke <key id>
       npm run keys -- revoke-token --issuer <iss> --jti <jti> --until <ISO exp>`;

/** Output streams, so tests can capture them. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs one command; resolves with the exit code.
 * @example await runKeysCli(['list'], process.env, console)
 */
export async function runKeysCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  let flags: Record<string, string>;
  let positional: string[];
  try {
    ({ flags, positional } = parseFlags(rest));
  } catch (err) {
    io.err(`keys: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (command === 'revoke-token') return revokeToken(flags, env, io);
  let opened: { store: ApiKeyStore; close(): Promise<void> };
  try {
    opened = await openStore(env);
  } catch (err) {
    io.err(`keys: ${err instanceof ConfigError ? err.problems.join('; ') : (err as Error).message}`);
    return 2;
  }
  const manager = new ApiKeyManager(opened.store);
  try {
    switch (command) {
      case 'create': {
        const { key, record } = await manager.create({
          clientId: need(flags, 'client'),
          scopes: need(flags, 'scopes').split(/\s+/).filter(Boolean),
          tenant: flags.tenant,
          tier: flags.tier,
          expiresAt: flags.expires,
          allowedNetworks: flags.networks?.split(/[\s,]+/).filter(Boolean),
        });
        io.err(`created ${record.id} (${record.hint}...) for ${record.clientId}; shown once, store it now:`);
        io.out(key);
        return 0;
      }
      case 'list':
        for (const record of await manager.list(flags.client)) io.out(JSON.stringify(record));
        return 0;
      case 'rotate': {
        const hours = flags['grace-hours'] === undefined ? 24 : Number(flags['grace-hours']);
        const { key, record, expiring } = await manager.rotate(need(flags, 'client'), {
          graceMs: hours * 3_600_000,
        });
        io.err(`created ${record.id} (${record.hint}...); ${expiring.id} expires at ${expiring.expiresAt}`);
        io.out(key);
        return 0;
      }
      case 'revoke': {
        const id = positional[0] ?? need(flags, 'id');
        const record = await manager.revoke(id);
        io.err(`revoked ${record.id} of ${record.clientId} at ${record.revokedAt}`);
        return 0;
      }
      default:
        io.err(USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof ApiKeyManagementError) {
      io.err(`keys: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await opened.close();
  }
}

/** Puts a JWT on the replicas' deny-list (Redis), until the token's own expiry. */
async function revokeToken(flags: Record<string, string>, env: Env, io: CliIo): Promise<number> {
  let revocation: TokenRevocation;
  let redis: RedisConnection;
  try {
    const until = Date.parse(need(flags, 'until'));
    if (Number.isNaN(until)) throw new ApiKeyManagementError('--until must be an ISO 8601 time');
    revocation = { issuer: need(flags, 'issuer'), jti: need(flags, 'jti'), expiresAtMs: until };
    const target = redisTarget(readRedisEnv(env));
    if (!target) {
      throw new ApiKeyManagementError(
        'revoke-token needs REDIS_URL or REDIS_CLUSTER_NODES (the replicas share the list there)',
      );
    }
    redis = await connectRedis(target);
  } catch (err) {
    io.err(`keys: ${(err as Error).message}`);
    return err instanceof ApiKeyManagementError ? 2 : 1;
  }
  try {
    await new RedisTokenRevocations(redis).revoke(revocation);
    io.err(
      `revoked token ${revocation.jti} of ${revocation.issuer} until ${new Date(revocation.expiresAtMs).toISOString()}`,
    );
    return 0;
  } finally {
    await redis.close();
  }
}

async function openStore(env: Env): Promise<{ store: ApiKeyStore; close(): Promise<void> }> {
  const keys = readApiKeysEnv(env);
  if (keys.store === 'file') return { store: new FileApiKeyStore(keys.file), close: async () => undefined };
  const target = redisTarget(readRedisEnv(env));
  if (!target) throw new ConfigError(['AUTH_API_KEY_STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES']);
  const redis = await connectRedis(target);
  return { store: new RedisApiKeyStore(redis), close: () => redis.close() };
}

async function connectRedis(target: NonNullable<ReturnType<typeof redisTarget>>): Promise<RedisConnection> {
  const redis = new RedisConnection({ ...target, connectionName: 'bff-keys-cli' });
  redis.connect();
  const deadline = Date.now() + 5000;
  while (!redis.connected) {
    if (Date.now() > deadline) {
      await redis.close();
      throw new Error('Redis did not answer within 5 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return redis;
}

function parseFlags(args: readonly string[]): { flags: Record<string, string>; positional: string[] } {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
    flags[arg.slice(2)] = value;
    i++;
  }
  return { flags, positional };
}

function need(flags: Record<string, string>, name: string): string {
  const value = flags[name];
  if (value === undefined || value === '') throw new ApiKeyManagementError(`--${name} is required`);
  return value;
}
