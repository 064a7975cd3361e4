import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { account, createConfigDir } from '../helpers/config-files.js';
import { REPO_ROOT } from '../helpers/entry-process.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { requireTool } from '../helpers/require-tool.js';

/*
 * The stop path as a container runtime drives it (issue 18, item 2). `docker stop` sends
 * SIGTERM to the container's PID 1: in our image that is tini (Dockerfile), which passes it
 * to `node dist/…`. And `npm run worker` must not lose the signal on the way to node (it
 * used to: tsx's own node child stayed behind, orphaned). Each case waits for the
 * worker's own 'stopped' line (its graceful shutdown) and exit code 0, and then checks
 * that no process of the group is left.
 */
const prefix = uniquePrefix('stop-path');
const files = createConfigDir('stop-path');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: prefix,
  ACCOUNTS_FILE: files.write('accounts.json', [account(1)]),
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
  SHUTDOWN_GRACE_MS: '5000',
};
let redis: Redis;

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  waitFor(msg: string): Promise<void>;
}

/** Spawns in its own process group (as a container's processes are), reading pino's JSON lines. */
function start(command: string, args: string[]): Started {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  child.stderr?.resume();
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Rejects when the process ends without the line, or after 15 s (below the test's own timeout).
  const waitFor = (msg: string) =>
    new Promise<void>((resolve, reject) => {
      const seen = () => lines.some((line) => line.includes(`"msg":"${msg}"`));
      const timer = setTimeout(
        () => finish(new Error(`no '${msg}' line in 15 s; got:\n${lines.join('\n')}`)),
        15_000,
      );
      const finish = (err?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve();
      };
      const check = () => {
        if (seen()) finish();
      };
      waiters.add(check);
      void exited.then(() =>
        // stdout's last lines arrive with 'close', after 'exit'.
        once(child, 'close').then(() =>
          seen() ? finish() : finish(new Error(`exited without '${msg}'; got:\n${lines.join('\n')}`)),
        ),
      );
      check();
    });
  return { child, lines, exited, waitFor };
}

/** True while any process of the group is alive (signal 0 probes without sending). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  redis = createTestRedis();
  // dist/ is what the image and `npm run worker` run; npm ci built it, this refreshes a stale one.
  const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}, 180_000);

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  files.remove();
});

describe('npm run worker', () => {
  test('SIGTERM to npm reaches node: graceful stop, exit 0, nothing left running', async () => {
    const npm = start('npm', ['run', '--silent', 'worker']);
    const pgid = npm.child.pid as number;
    try {
      await npm.waitFor('sync worker started');
      npm.child.kill('SIGTERM');
      await npm.waitFor('stopped');
      const [code] = await npm.exited;
      expect(npm.lines.some((line) => line.includes('"msg":"sync worker stopped"'))).toBe(true);
      expect(code).toBe(0);
      // npm exits once its child did; give the kernel a moment to reap, then nothing may be left.
      await new Promise((r) => setTimeout(r, 200));
      expect(groupAlive(pgid)).toBe(false);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  });
});

requireTool('tini', 'apt-get install tini')('the image: tini as PID 1 running node dist/…', () => {
  test('docker stop (SIGTERM to the init) stops the worker gracefully with exit 0', async () => {
    const tini = start('tini', ['--', 'node', 'dist/workers/sync-worker.js']);
    const pgid = tini.child.pid as number;
    try {
      await tini.waitFor('sync worker started');
      tini.child.kill('SIGTERM');
      await tini.waitFor('stopped');
      const [code, signal] = await tini.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      await new Promise((r) => setTimeout(r, 200));
      expect(groupAlive(pgid)).toBe(false);
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    }
  });

  test('the Dockerfile and compose run node under tini, never npm or tsx', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node"\]$/m);
    const compose = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    const commands = compose.match(/^\s+command: .*$/gm) ?? [];
    const appCommands = commands.filter((line) => !line.includes('redis-server'));
    expect(appCommands.length).toBe(4);
    for (const line of appCommands)
      expect(line).toMatch(/command: \["dist\/(producers|workers)\/[a-z-]+\.js"\]/);
  });
});
