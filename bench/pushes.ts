import { AccountBlocks, AccountStatus } from '../src/accounts/index.js';
import { buildApi } from '../src/api/index.js';
import { Sensitive } from '../src/config/sensitive.js';
import { PendingEvents } from '../src/push/pending-events.js';
import { createSyncQueue } from '../src/queue/sync-queue.js';
import { RedisKeys } from '../src/redis/keys.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { followerEventXml, PushSender } from '../test/simulator/index.js';
import { type BenchWorld, benchConnection, discardingLogger } from './bench-world.js';
import { percentile } from './stats.js';

const TOKEN = 'bench-push-token';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface PushFigures {
  pushesPerSec: number;
  p50: number;
  p99: number;
}

/**
 * Pushes accepted by `POST /wechat/push/:accountId` (verify, open, dedup, take, ask for a
 * job; no worker drains them here), closed loop with `inFlight` senders over `accounts`
 * accounts, safe mode (the costliest: two signatures and an AES decrypt per push). Each
 * push is a new subscribe event, so every one is taken (none deduplicated away).
 */
export async function pushesRun(
  world: BenchWorld,
  run: number,
  opts: { pushes: number; inFlight: number; accounts: number },
): Promise<PushFigures> {
  const prefix = `bench-push-${run}-${opts.inFlight}-${Date.now().toString(36)}`;
  const connection = benchConnection(world);
  const queue = createSyncQueue(connection, prefix);
  const keys = new RedisKeys(prefix);
  const accounts = world.accounts.slice(0, opts.accounts).map((a) => ({
    ...a,
    push: { token: new Sensitive(TOKEN), encodingAESKey: new Sensitive(KEY) },
  }));
  const config = world.config(prefix, { accounts });
  const app = await buildApi({
    config,
    queue,
    redis: connection,
    blocks: new AccountBlocks(connection, keys),
    status: new AccountStatus(connection, keys),
    logger: discardingLogger(),
    pushes: new PendingEvents(connection, keys),
  });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const senders = accounts.map(
      (a) =>
        new PushSender({
          url: `${url}/wechat/push/${a.accountId}`,
          token: TOKEN,
          appId: a.appId,
          mode: 'safe',
          encodingAESKey: KEY,
          tries: 1,
        }),
    );
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: opts.inFlight }, async () => {
        while (next < opts.pushes) {
          const i = next++;
          const openid = `oBench${String(i).padStart(22, '0')}`;
          const xml = followerEventXml('gh_bench', openid, 1_700_000_000 + i, 'subscribe');
          const t = performance.now();
          const outcome = await senders[i % senders.length]!.send(xml);
          latencies.push(performance.now() - t);
          if (outcome.status !== 200)
            throw new Error(`push ${i} answered ${outcome.status}: ${outcome.body}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      pushesPerSec: opts.pushes / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await app.close();
    await queue.close();
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
  }
}
