import { performance } from 'node:perf_hooks';
import { badInputCase } from './cases/bad-input.js';
import { faultsCase } from './cases/faults.js';
import { kill9Case } from './cases/kill-9.js';
import { redisRestartCase } from './cases/redis-restart.js';
import { secretsCase } from './cases/secrets.js';
import { sigtermCase } from './cases/sigterm.js';
import { stormCase } from './cases/storm-40164.js';
import type { ReliabilityCase } from './reliability-case.js';

/*
 * `npm run test:reliability`: the seven cases of issue #6, one after another (several start
 * worker processes or a redis-server of their own). One summary line per case, then
 * `N passed, N failed`; exit code 1 when any case failed. `-- <name>` runs only the cases
 * whose name contains it.
 */
const CASES: ReliabilityCase[] = [
  kill9Case,
  redisRestartCase,
  sigtermCase,
  faultsCase,
  stormCase,
  badInputCase,
  secretsCase,
];

const only = process.argv[2];
let passed = 0;
let failed = 0;
for (const c of CASES.filter((c) => !only || c.name.includes(only))) {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  try {
    const summary = await withTimeout(c.run(), c.timeoutMs, c.name);
    passed++;
    console.log(`PASS ${c.name} (${seconds()} s): ${summary}`);
  } catch (err) {
    failed++;
    console.log(
      `FAIL ${c.name} (${seconds()} s): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
