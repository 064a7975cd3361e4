import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * `npm test` on a fresh machine, as `npm start` does it: when no Redis answers at
 * TEST_REDIS_URL (default 127.0.0.1:6379) and redis-server is installed, start a private
 * one on a spare port for this run (no persistence, stopped by global-teardown.js) and
 * point TEST_REDIS_URL at it; the test workers inherit the variable. Without either, stop
 * with one line saying what to install. Plain JavaScript: Jest loads this before any
 * transform, and it needs nothing but Node.
 */
const TIMEOUT_MS = 2_000;

/** PING over a raw socket within the timeout: true on +PONG (or NOAUTH: a Redis that wants a password). */
function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(TIMEOUT_MS, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(/^(\+PONG|-NOAUTH)/.test(chunk.toString())));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return;
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      `npm test needs Redis: nothing answers at ${new URL(url).host} and redis-server is not installed (apt-get install redis-server, or docker compose up -d redis)`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-test-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  child.once('error', () => {});
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && child.exitCode === null; i++) {
    if (await redisAnswers(privateUrl)) {
      process.env.TEST_REDIS_URL = privateUrl;
      globalThis.__wechatSyncTestRedis = child;
      process.stderr.write(
        `\nnpm test: no Redis at ${new URL(url).host}; started a private redis-server on ${port} for this run\n`,
      );
      return;
    }
    // redis-server gives a parent no readiness signal but its log; polling a PING is simpler.
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`npm test: the private redis-server on port ${port} did not start`);
}
