import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { truncateText } from './bound-text.js';
import { scrubString } from './scrub.js';
import { scrubValue } from './scrub-value.js';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** pino level: fatal error warn info debug trace silent. */
  level: string;
  /** Human-readable lines via pino-pretty; default false (one JSON object per line). */
  pretty?: boolean;
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
  /** Fields on every line, merged over `{ pid, hostname }`. */
  base?: object;
}

/** LOG_PRETTY=auto means pretty on a terminal, JSON when piped to a collector. */
export function resolvePretty(setting: 'auto' | boolean, isTty: boolean | undefined): boolean {
  return setting === 'auto' ? isTty === true : setting;
}

const scrubObject = (obj: object): Record<string, unknown> => scrubValue(obj) as Record<string, unknown>;

/**
 * Every line passes two independent guards, each on its own enough for what it covers:
 * - a walk of the logged object (formatters.log) and of the message that redacts fields
 *   named like credentials at any depth (secret-keys.ts), scrubs every string (patterns
 *   and rememberSecret values), turns Sensitive into `[redacted]` and serializes every
 *   Error without got's request data;
 * - a scrub of the finished line (hooks.streamWrite): the same patterns, which include
 *   every JSON field named like a credential, and every remembered value (also in its
 *   JSON-escaped form). It covers what the walk does not see: child() bindings (pino
 *   applies formatters.bindings to the root's base only), a child's own formatters, a
 *   custom serializer, msgPrefix.
 * No pino `redact` paths: wildcard paths were the largest cost of a line (~100 µs of a
 * job's ~150 µs, measured with bench/step-costs.ts) and guard nothing the two above miss.
 */
function loggerOptions(opts: CreateLoggerOptions): LoggerOptions {
  return {
    level: opts.level,
    base: { pid: process.pid, hostname: hostname(), ...opts.base },
    formatters: { log: scrubObject, bindings: scrubObject },
    // pino applies a serializer keyed by the message key to the formatted message.
    serializers: {
      err: scrubValue,
      msg: (msg: unknown) => (typeof msg === 'string' ? truncateText(scrubString(msg)) : msg),
    },
    hooks: { streamWrite: (line: string) => scrubString(line) },
  };
}

type Prettify = (line: string) => string;
type PrettyModule = { prettyFactory: (options: Record<string, unknown>) => Prettify };

/**
 * pino-pretty is a devDependency: production installs may omit it, so it is loaded only
 * when asked for, and its absence falls back to JSON. Its synchronous prettyFactory is
 * used rather than a worker transport so that `destination` is honoured and no line is
 * lost when the process exits right after logging (config errors, fatal start-up faults).
 */
function loadPrettify(colorize: boolean): Prettify | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as PrettyModule;
    return pretty.prettyFactory({ colorize });
  } catch {
    return null;
  }
}

/** The root logger. Bind context with `logger.child({ jobId, accountId })`; log errors under `err`. */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const options = loggerOptions(opts);
  // Synchronous stdout: the last lines before a crash are the ones that explain it.
  const target = opts.destination ?? pino.destination({ dest: 1, sync: true });
  if (opts.pretty !== true) return pino(options, target);
  const prettify = loadPrettify(opts.destination === undefined && process.stdout.isTTY === true);
  if (prettify === null) {
    const logger = pino(options, target);
    logger.warn('pretty logging requested but pino-pretty is not installed; logging JSON');
    return logger;
  }
  return pino(options, { write: (line: string) => target.write(prettify(line)) });
}
