import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A Redis this process started for a first run; stop() shuts it down (its data stays under .data/). */
export interface LocalRedis {
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.')
  );
}

export class NoRedisError extends Error {
  override readonly name = 'NoRedisError' as const;
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
): Promise<LocalRedis | null> {
  if (await answers(url)) return null;
  const parsed = new URL(url);
  if (!isLoopback(parsed.hostname)) throw new NoRedisError(`No Redis answers at ${parsed.host} (REDIS_URL).`);
  if (spawnSync('redis-server', ['--version']).error) {
    throw new NoRedisError(
      `No Redis answers at ${parsed.host}: start one with \`docker compose up -d redis\` or install it (\`apt-get install redis-server\`).`,
    );
  }
  const dir = resolve(dataDir, 'redis');
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
    if (await answers(url)) {
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
