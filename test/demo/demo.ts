import { writeSync } from 'node:fs';
import { createLogger } from '../../src/log/index.js';
import { ensureLocalRedis, NoRedisError } from '../../src/redis/local-redis.js';
import { demoEnvPrefix, demoRemedyStep } from './demo-commands.js';
import { startDemo } from './start-demo.js';

/*
 * `npm run demo`: the simulator and the whole system with two demo accounts, one healthy
 * and one whose IP is not whitelisted. Prints where to look, then runs until Ctrl-C.
 * Its keys live under the `wechat-demo` prefix, apart from a real deployment's.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const port = Number(process.env.PORT ?? 8084);
const logger = createLogger({
  level: process.env.LOG_LEVEL ?? 'warn',
  pretty: process.stdout.isTTY === true,
});

let localRedis: Awaited<ReturnType<typeof ensureLocalRedis>> = null;
try {
  localRedis = await ensureLocalRedis(redisUrl, '.data', logger);
} catch (err) {
  if (!(err instanceof NoRedisError)) throw err;
  writeSync(2, `${err.message}\n`);
  process.exit(1);
}

const demo = await startDemo({ redisUrl, prefix: 'wechat-demo', port, dataDir: '.data', logger });
const { healthy, blocked } = demo.jobs;
const diagnostic = (blocked.progress as { diagnostic?: { remedy?: string[] } }).diagnostic;
const lines = [
  '',
  'wechat-sync demo is running (WeChat simulator at ' + demo.sim.url + ')',
  '',
  `  ✔ ${healthy.data.accountId}: job ${healthy.id} ${healthy.finishedOn && !healthy.failedReason ? 'completed' : 'did not complete'}: ${JSON.stringify(healthy.returnvalue)}`,
  `  ✘ ${blocked.data.accountId}: job ${blocked.id} failed after ${blocked.attemptsMade} attempt(s) of ${blocked.opts.attempts}:`,
  `      ${blocked.failedReason}`,
  // The remedy's CLI commands, pointed at the demo (its prefix and accounts file), so they work as printed.
  ...(diagnostic?.remedy ?? []).map((step, i) => `      ${i + 1}. ${demoRemedyStep(step, demo.cliEnv)}`),
  '',
  `  Console:     ${demo.api.consoleUrl}   (every account's health; the red row's page has the IP, the rid and the fix)`,
  `  The demo's CLI:  ${demoEnvPrefix(demo.cliEnv)} npm run cli -- jobs list`,
  `  Bull Board:  ${demo.api.boardUrl}   (open the "failed" tab, then the job's Progress and Error tabs)`,
  `  Job status:  curl ${demo.api.url}/official-api/wechat/sync/${blocked.id}`,
  '',
  'Ctrl-C stops the demo.',
];
console.log(lines.join('\n'));

const stop = async () => {
  await demo.close();
  await localRedis?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
