/**
 * One "worker process" of the cross-process token cache test
 * (test/integration/token-cache.across-processes.test.ts), run with `node --import tsx`.
 *
 * Prints `{"type":"ready"}` once its Redis connection, WeChat client and TokenCache
 * exist; for each `go` line on stdin fires `count` concurrent get()s and prints the
 * result; `exit` closes everything. See token-cache-child-protocol.ts.
 */
import { createInterface } from 'node:readline';
import { Sensitive } from '../../src/config/sensitive.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { TokenCache } from '../../src/token/token-cache.js';
import { tokenSourceFor } from '../../src/token/token-source.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { IpNotWhitelistedError, WeChatError } from '../../src/wechat/errors/index.js';
import { createTestRedis } from './redis.js';
import {
  type ChildMessage,
  type ChildResult,
  type ParentMessage,
  tokenHash,
} from './token-cache-child-protocol.js';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`token-cache-child: ${name} is not set`);
  return value;
}

function send(message: ChildMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function fire(cache: TokenCache, go: Extract<ParentMessage, { type: 'go' }>): Promise<ChildResult> {
  const app = { appId: go.appId, appSecret: new Sensitive(go.secret) };
  const settled = await Promise.allSettled(Array.from({ length: go.count }, () => cache.get(app)));
  const result: ChildResult = { type: 'result', appId: go.appId, tokens: [], errors: [] };
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') {
      result.tokens.push(tokenHash(outcome.value.reveal()));
      continue;
    }
    const err = outcome.reason as Error;
    const wechat = err instanceof WeChatError ? err : null;
    const ip = err instanceof IpNotWhitelistedError ? err.ip : null;
    result.errors.push({ name: err.name, errcode: wechat?.errcode ?? null, rid: wechat?.rid ?? null, ip });
  }
  return result;
}

async function main(): Promise<void> {
  const redis = createTestRedis();
  const client = new WeChatClient({ baseUrl: requiredEnv('SIM_URL'), timeoutMs: 10_000 });
  const cache = new TokenCache({
    redis,
    keys: new RedisKeys(requiredEnv('KEY_PREFIX')),
    source: tokenSourceFor(client, 'stable'),
  });
  try {
    await redis.ping();
    send({ type: 'ready' });
    for await (const line of createInterface({ input: process.stdin })) {
      const message = JSON.parse(line) as ParentMessage;
      if (message.type === 'exit') break;
      send(await fire(cache, message));
    }
  } finally {
    await cache.close();
    client.close();
    await redis.quit();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `token-cache-child failed: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}\n`,
  );
  process.exitCode = 1;
});
