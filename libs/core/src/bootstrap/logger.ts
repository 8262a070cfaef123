import pino, {
  type ChildLoggerOptions,
  type DestinationStream,
  type Logger,
  type LevelWithSilent,
} from 'pino';
import { redactSecrets } from './log-redaction';

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
  /** Where lines go. Default is stdout. */
  destination?: DestinationStream;
}

/**
 * The app's structured JSON logger (pino, as Fastify uses), with credentials redacted: the
 * {@link REDACTED_PATHS} and, at any depth, every credential key and every token inside a string
 * (`redactSecrets`).
 * @example const logger = createLogger({ name: 'mobile-bff', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      formatters: { log: redactSecrets },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

type LogMethod = (...args: unknown[]) => void;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * A request logger that creates its pino child (with the request id binding) only when a line is actually
 * written at an enabled level: at `warn`, most requests never log, and a child per request is measurable.
 */
class LazyChildLogger {
  private instance?: Logger;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
    private readonly options: ChildLoggerOptions,
  ) {}

  // Prototype methods, not closures per instance: every request gets one of these loggers.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  private write(level: Level, args: unknown[]): void {
    if (this.parent.isLevelEnabled(level)) (this.logger[level] as LogMethod)(...args);
  }

  private get logger(): Logger {
    return (this.instance ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.instance?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return (this.instance ?? this.parent).isLevelEnabled(level);
  }

  silent(): void {}

  child(bindings: Record<string, unknown>, options?: ChildLoggerOptions): Logger {
    return this.logger.child(bindings, options);
  }
}

/**
 * Fastify `childLoggerFactory` that defers each request's pino child until it writes.
 * @example new FastifyAdapter({ loggerInstance: logger, childLoggerFactory: lazyChildLoggerFactory })
 */
export function lazyChildLoggerFactory(
  logger: Logger,
  bindings: Record<string, unknown>,
  options: ChildLoggerOptions,
): Logger {
  return new LazyChildLogger(logger, bindings, options) as unknown as Logger;
}
