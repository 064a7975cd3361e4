import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { AccountBlocks } from '../../src/accounts/index.js';
import { createLogger } from '../../src/log/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.js';
import { demoEnvPrefix, demoRemedyStep } from '../demo/demo-commands.js';
import { type RunningDemo, startDemo } from '../demo/start-demo.js';
import { createConfigDir } from '../helpers/config-files.js';
import { runEntry } from '../helpers/entry-process.js';
import { unusedPort } from '../helpers/ports.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/*
 * Issue 18, item 9: the fix commands `npm run demo` prints must work against the demo. The
 * unblock step of the whitelist remedy is run exactly as printed (its arguments and the
 * environment the demo prints before them) and must lift the demo account's block.
 */
const prefix = uniquePrefix('demo-commands');
const dir = createConfigDir('demo-commands');
let demo: RunningDemo;
let redis: Redis;

beforeAll(async () => {
  redis = createTestRedis();
  demo = await startDemo({
    redisUrl: TEST_REDIS_URL,
    prefix,
    port: await unusedPort(),
    dataDir: join(dir.dir, 'data'),
    logger: createLogger({ level: 'silent', pretty: false }),
  });
}, 60_000);

afterAll(async () => {
  await demo.close();
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  dir.remove();
});

describe('npm run demo: printed fix commands', () => {
  test('the remedy unblock command, as printed, lifts the demo account block', async () => {
    const blockedId = DEMO_ACCOUNTS[1].accountId;
    const remedy = (demo.jobs.blocked.progress as { diagnostic: { remedy: string[] } }).diagnostic.remedy;
    const printed = remedy
      .map((step) => demoRemedyStep(step, demo.cliEnv))
      .find((s) => s.includes(' unblock '));
    expect(printed).toContain(`${demoEnvPrefix(demo.cliEnv)} npm run cli -- unblock --account ${blockedId}`);

    // The shell words of the printed command: VAR=value… npm run cli -- <args> (up to `&&`).
    const command = (printed as string).slice((printed as string).indexOf(demoEnvPrefix(demo.cliEnv)));
    const words = (command.split(' && ')[0] as string).split(' ');
    const env = Object.fromEntries(
      words
        .filter((w) => /^[A-Z_]+=/.test(w))
        .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
    );
    const args = words.slice(words.indexOf('--') + 1);
    expect(args).toEqual(['unblock', '--account', blockedId]);

    const blocks = new AccountBlocks(redis, new RedisKeys(prefix));
    expect(await blocks.get(blockedId)).not.toBeNull();
    const run = await runEntry('producers/cli.ts', args, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await blocks.get(blockedId)).toBeNull();
  }, 90_000);
});
