import { once } from 'node:events';

/** Stops the private redis-server global-setup.js started, if it started one. */
export default async function globalTeardown() {
  const child = globalThis.__wechatSyncTestRedis;
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
