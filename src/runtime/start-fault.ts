import { writeSync } from 'node:fs';
import type { Logger } from 'pino';
import { ConfigError, formatConfigError } from '../config/index.js';
import { NoRedisError } from '../redis/local-redis.js';
import { RedisUnreachableError } from '../redis/redis-unreachable-error.js';

/**
 * Exit codes of the long-running processes (npm start, api, scheduler, worker), the same
 * numbers as the CLI's where they mean the same: 0 stopped cleanly, 1 failed (see the
 * log), 2 configuration fault, 4 cannot reach Redis.
 */
export const PROCESS_EXIT = { ok: 0, failed: 1, config: 2, redis: 4 } as const;

/** The exit code and the one stderr line for a fault found while starting; null = an unexpected error (log it). */
export function describeStartFault(err: unknown): { code: number; line: string } | null {
  if (err instanceof ConfigError) return { code: PROCESS_EXIT.config, line: formatConfigError(err) };
  if (err instanceof RedisUnreachableError || err instanceof NoRedisError) {
    return { code: PROCESS_EXIT.redis, line: `error: ${err.message}\n` };
  }
  return null;
}

/**
 * For entry points: one line on stderr for a known start fault (no stack trace), a fatal
 * log line for anything else, then exit. writeSync: process.exit would drop buffered stderr.
 */
export function exitOnStartFault(err: unknown, logger: Logger, what: string): never {
  const fault = describeStartFault(err);
  if (fault) {
    writeSync(2, fault.line);
    process.exit(fault.code);
  }
  logger.fatal({ err }, `${what} could not start`);
  process.exit(PROCESS_EXIT.failed);
}
