import pino, { type Logger, type LevelWithSilent } from 'pino';

/** Paths never written to logs. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.password',
  '*.client_secret',
  '*.access_token',
  '*.token',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Service name written on every line. */
  name: string;
  /** pino level. Default is `info`. */
  level?: LevelWithSilent;
}

/**
 * The app's structured JSON logger (pino, as Fastify uses), with credentials redacted.
 * @example const logger = createLogger({ name: 'mobile-bff', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
