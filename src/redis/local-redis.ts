import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { probeRedis } from './probe-redis.js';
import { RedisUnreachableError } from './redis-unreachable-error.js';

/** A Redis this process started for a first run; stop() shuts it down (its data stays under .data/). */
export interface LocalRedis {
  stop(): Promise<void>;
}

/** True when Redis answers at `url`; false when nothing listens; throws when something listens and stays silent. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    await probeRedis({ redisUrl: url, redisClusterNodes: null }, timeoutMs);
    return true;
  } catch (err) {
    if (err instanceof RedisUnreachableError && err.reason !== 'silent') return false;
    throw err;
  }
}

/**
 * The `dir` of the Redis answering at `url` is ours when a previous run started it and was
 * killed before it could stop it (kill -9): the next start reuses it, and says so, since
 * this run will not stop it either. CONFIG may be disabled on a managed Redis: then null.
 */
async function leftoverDir(url: string, ourDir: string): Promise<string | null> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    const reply = (await Promise.race([
      probe.config('GET', 'dir'),
      new Promise((resolve) => setTimeout(resolve, 1000).unref()),
    ])) as string[] | undefined;
    return reply?.[1] === ourDir ? ourDir : null;
  } catch {
    return null;
  } finally {
    if (probe.status !== 'end') probe.disconnect();
  }
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.')
  );
}

/** Nothing answers and we cannot (or may not) start a Redis: the message says what to do. */
export class NoRedisError extends Error {
  override readonly name = 'NoRedisError' as const;
  readonly retryable = false;
}

/**
 * `npm start` on a fresh machine: when nothing answers at a loopback REDIS_URL and
 * redis-server is installed, start one with its data under `.data/redis` (append-only
 * file on, so a restart loses no job, and `noeviction`, which BullMQ requires). Returns
 * null when Redis already answers. A remote REDIS_URL is never replaced by a local one.
 */
export async function ensureLocalRedis(
  url: string,
  dataDir: string,
  logger: Logger,
  timeoutMs = 5000,
): Promise<LocalRedis | null> {
  const dir = resolve(dataDir, 'redis');
  if (await answers(url, timeoutMs)) {
    const leftover = await leftoverDir(url, dir);
    if (leftover) {
      logger.warn(
        { dir: leftover },
        `reusing the redis-server a previous run started (data under ${leftover}); it was left running (kill -9?) and this run will not stop it either: redis-cli -u <REDIS_URL> shutdown stops it`,
      );
    }
    return null;
  }
  const parsed = new URL(url);
  if (!isLoopback(parsed.hostname)) throw new NoRedisError(`No Redis answers at ${parsed.host} (REDIS_URL).`);
  if (spawnSync('redis-server', ['--version']).error) {
    throw new NoRedisError(
      `No Redis answers at ${parsed.host}: start one with \`docker compose up -d redis\` or install it (\`apt-get install redis-server\`).`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      port,
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (let i = 0; i < 50 && child.exitCode === null; i++) {
    if (await answers(url, 1000)) {
      logger.info({ port, dir }, 'started a local redis-server for this run');
      return {
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    // Polling is the only readiness signal redis-server gives a parent that does not parse its log.
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new NoRedisError(`redis-server did not start on port ${port}; run it by hand to see why.`);
}
