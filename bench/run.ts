import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createSyncQueue } from '../src/queue/sync-queue.js';
import { createServices } from '../src/runtime/services.js';
import { deleteKeysWithPrefix } from '../test/helpers/redis.js';
import { authorityRun } from './authority.js';
import { benchConnection, discardingLogger, startBenchWorld } from './bench-world.js';
import { consoleRun } from './console-ttfb.js';
import { latencyRun } from './latency.js';
import { pushesRun } from './pushes.js';
import { formatTable, type Row, writeResults } from './report.js';
import { roundTripsRun } from './round-trips.js';
import { schedulingRun } from './scheduling.js';
import { repeat } from './stats.js';
import { STEPS, type StepName, stepCostsRun } from './step-costs.js';
import { bareRun, floorRun, pipelineRun } from './throughput.js';
import { tokenBudgetRun } from './token-budget.js';

/*
 * `npm run bench`: every figure of issue #6, each the median of RUNS runs with min and max,
 * against a private redis-server (started and removed here) and the in-process simulator
 * (no quotas, no latency). Prints one table; writes bench/results/latest.json.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ACCOUNTS = 1000;
/** Jobs per throughput run: enough that start-up noise is small, few enough for 5 minutes on 2 cores. */
const JOBS: Record<number, number> = { 1: 200, 10: 600, 50: 1000 };
/** Jobs whose round trips are counted per run (each job's count is exact; the median is reported). */
const ROUND_TRIP_JOBS = 30;
/** Operations per step in the steps section: enough for a steady figure, a few seconds in all. */
const STEP_OPS = 5000;
/** The steps the pipeline adds to the WeChat call (the reference GET and the call itself left out). */
const OWN_STEPS: StepName[] = [
  'blockedCheck',
  'lock',
  'tokenRead',
  'pacing',
  'stateRead',
  'pageUpsert',
  'successStatus',
  'logLines',
];
/** Senders in flight in the pushes section (closed loop). */
const PUSH_IN_FLIGHT = [1, 8, 32, 64];
const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/**
 * BENCH_ONLY=throughput,latency (any of throughput, roundtrips, steps, latency, tokens, scheduling, authority, pushes, console) runs just
 * those sections, for measuring one change quickly; such a partial run does not overwrite
 * bench/results/latest.json. BENCH_CONCURRENCY=50 narrows the throughput section likewise.
 */
const SECTIONS = [
  'throughput',
  'roundtrips',
  'steps',
  'latency',
  'tokens',
  'scheduling',
  'authority',
  'pushes',
  'console',
] as const;
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const unknown = only?.filter((s) => !(SECTIONS as readonly string[]).includes(s)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown section ${unknown.join(', ')}`);
const runs = (section: (typeof SECTIONS)[number]) => !only || only.includes(section);
const concurrencies = process.env.BENCH_CONCURRENCY
  ? process.env.BENCH_CONCURRENCY.split(',').map(Number)
  : [1, 10, 50];
const partial = Boolean(only || process.env.BENCH_CONCURRENCY);

const world = await startBenchWorld(ACCOUNTS);
const prefix = `bench-${Date.now().toString(36)}`;
const services = createServices(world.config(`${prefix}-p`), discardingLogger());
const connection = benchConnection(world);
const queue = createSyncQueue(connection, `${prefix}-p`);
const rows: Row[] = [];
const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

try {
  // Warm-up: every account's token cached, code paths compiled; not measured.
  if (runs('throughput') || runs('roundtrips') || runs('steps') || runs('latency'))
    await pipelineRun(world, services, queue, 50, ACCOUNTS);
  for (const concurrency of runs('throughput') ? concurrencies : []) {
    const jobs = JOBS[concurrency];
    if (!jobs) throw new Error(`BENCH_CONCURRENCY: ${concurrency} is not one of 1, 10, 50`);
    progress(`throughput at concurrency ${concurrency}`);
    const figures = await repeat(RUNS, async () => {
      const pipeline = await pipelineRun(world, services, queue, concurrency, jobs);
      const bare = await bareRun(world, `${prefix}-b`, concurrency, jobs);
      const floor = await floorRun(world, services, `${prefix}-f`, concurrency, jobs);
      // The floor again, held to the pipeline's throughput: Redis CPU per job at the same rate.
      const paced = await floorRun(world, services, `${prefix}-f`, concurrency, jobs, pipeline.jobsPerSec);
      return {
        pipeline: pipeline.jobsPerSec,
        bare: bare.jobsPerSec,
        floor: floor.jobsPerSec,
        ratio: pipeline.jobsPerSec / bare.jobsPerSec,
        floorRatio: floor.jobsPerSec / bare.jobsPerSec,
        overheadRatio: pipeline.jobsPerSec / floor.jobsPerSec,
        pipelineCommands: pipeline.commandsPerJob,
        bareCommands: bare.commandsPerJob,
        floorCommands: floor.commandsPerJob,
        pipelineRedisCpu: pipeline.redisCpuUsPerJob,
        bareRedisCpu: bare.redisCpuUsPerJob,
        floorRedisCpu: floor.redisCpuUsPerJob,
        pacedRedisCpu: paced.redisCpuUsPerJob,
        pacedJobsPerSec: paced.jobsPerSec,
        redisCpuRatio: pipeline.redisCpuUsPerJob / bare.redisCpuUsPerJob,
        redisCpuFloorRatio: floor.redisCpuUsPerJob / bare.redisCpuUsPerJob,
        redisCpuPacedRatio: pipeline.redisCpuUsPerJob / paced.redisCpuUsPerJob,
        pipelineCpu: pipeline.workerCpuUsPerJob,
        bareCpu: bare.workerCpuUsPerJob,
        floorCpu: floor.workerCpuUsPerJob,
        workerCpuRatio: pipeline.workerCpuUsPerJob / floor.workerCpuUsPerJob,
      };
    });
    const at = `concurrency ${concurrency}`;
    rows.push(
      { figure: `throughput, pipeline, ${at}`, unit: 'jobs/s', value: figures.pipeline },
      { figure: `throughput, bare BullMQ no-op, ${at}`, unit: 'jobs/s', value: figures.bare },
      { figure: `throughput, bare BullMQ + the WeChat call, ${at}`, unit: 'jobs/s', value: figures.floor },
      { figure: `ratio pipeline / bare, ${at}`, unit: '', value: figures.ratio },
      { figure: `ratio (bare + WeChat call) / bare, ${at}`, unit: '', value: figures.floorRatio },
      {
        figure: `ratio pipeline / (bare + WeChat call), ${at}`,
        unit: '',
        value: figures.overheadRatio,
        ...(concurrency === 50 ? { target: '≥ 0.8' } : {}),
      },
    );
    if (concurrency === 50) {
      // Issue 16's figures: what each job costs the one Redis and the worker's CPU, at concurrency 50.
      rows.push(
        { figure: 'Redis CPU per job, pipeline', unit: 'µs', value: figures.pipelineRedisCpu },
        { figure: 'Redis CPU per job, bare BullMQ', unit: 'µs', value: figures.bareRedisCpu },
        { figure: 'Redis CPU per job, bare + WeChat call', unit: 'µs', value: figures.floorRedisCpu },
        {
          figure: "Redis CPU per job, bare + WeChat call held to the pipeline's throughput",
          unit: 'µs',
          value: figures.pacedRedisCpu,
        },
        {
          figure: "throughput, bare + WeChat call held to the pipeline's throughput",
          unit: 'jobs/s',
          value: figures.pacedJobsPerSec,
        },
        {
          figure: 'ratio Redis CPU per job, pipeline / bare',
          unit: '',
          value: figures.redisCpuRatio,
          target: '≤ 1.5',
        },
        {
          figure: 'ratio Redis CPU per job, (bare + WeChat call) / bare',
          unit: '',
          value: figures.redisCpuFloorRatio,
        },
        {
          figure: 'ratio Redis CPU per job, pipeline / (bare + WeChat call) at the same throughput',
          unit: '',
          value: figures.redisCpuPacedRatio,
        },
        { figure: 'worker CPU per job, pipeline', unit: 'µs', value: figures.pipelineCpu },
        { figure: 'worker CPU per job, bare BullMQ', unit: 'µs', value: figures.bareCpu },
        { figure: 'worker CPU per job, bare + WeChat call', unit: 'µs', value: figures.floorCpu },
        {
          figure: 'ratio worker CPU per job, pipeline / (bare + WeChat call)',
          unit: '',
          value: figures.workerCpuRatio,
          target: '≤ 1.25',
        },
      );
      rows.push(
        { figure: 'Redis commands per job, pipeline', unit: 'commands', value: figures.pipelineCommands },
        { figure: 'Redis commands per job, bare BullMQ', unit: 'commands', value: figures.bareCommands },
        {
          figure: 'Redis commands per job, bare + WeChat call',
          unit: 'commands',
          value: figures.floorCommands,
        },
      );
    }
  }

  if (runs('roundtrips')) await roundTripsSection();
  if (runs('steps')) await stepsSection();
  if (runs('latency')) await latencySection();
  if (runs('tokens')) await tokenSection();
  if (runs('scheduling')) await schedulingSection();
  if (runs('authority')) await authoritySection();
  if (runs('pushes')) await pushesSection();
  if (runs('console')) await consoleSection();

  const table = formatTable(rows);
  console.log(`\n${table}\n`);
  const environment = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, runs: RUNS };
  if (partial) {
    console.log(`${RUNS} runs per figure on ${environment.cpus} cores; partial run, results not written`);
  } else {
    writeResults(RESULTS, { at: new Date().toISOString(), environment, rows });
    console.log(`${RUNS} runs per figure on ${environment.cpus} cores; results in bench/results/latest.json`);
  }
} finally {
  await queue.close();
  await services.close();
  for (const p of [`${prefix}-p`, `${prefix}-b`, `${prefix}-f`]) await deleteKeysWithPrefix(connection, p);
  await connection.quit();
  await world.close();
}

async function roundTripsSection() {
  progress("the project's own Redis round trips per job, concurrency 1");
  let sample: string[] = [];
  const trips = await repeat(RUNS, async () => {
    const counted = await roundTripsRun(world.accounts, services, queue, ROUND_TRIP_JOBS, [connection]);
    sample = counted.sample;
    return { perJob: counted.perJob };
  });
  progress(`one job's waits: ${sample.join(' → ')}`);
  rows.push({
    figure: "Redis round trips per job, the project's own, concurrency 1",
    unit: 'waits',
    value: trips.perJob,
    target: '≤ 4',
  });
}

async function stepsSection() {
  progress('cost of each pipeline step alone, 50 in flight');
  const costs = await repeat(RUNS, async () => {
    const c = await stepCostsRun(world, services, STEP_OPS);
    const own = OWN_STEPS.reduce((sum, step) => sum + c[step], 0);
    return { ...c, ownPerCall: own / c.wechatCall };
  });
  for (const step of Object.keys(STEPS) as StepName[]) {
    rows.push({
      figure: `step alone: ${STEPS[step]}`,
      unit: 'µs/op',
      value: costs[step],
      ...(step === 'logLines' || step === 'logLinesCpu' ? { target: '< 20' } : {}),
    });
  }
  rows.push({
    figure: "ratio pipeline's own steps (blocked check … log lines) / the WeChat call",
    unit: '',
    value: costs.ownPerCall,
  });
}

async function latencySection() {
  progress('latency at a fixed arrival rate');
  const latency = await repeat(RUNS, () =>
    latencyRun(world, services, queue, { perSecond: 100, jobs: 300, concurrency: 50 }),
  );
  for (const p of ['p50', 'p95', 'p99'] as const) {
    rows.push({
      figure: `enqueue→complete latency ${p}, 100 jobs/s, concurrency 50`,
      unit: 'ms',
      value: latency[p],
    });
  }
}

async function tokenSection() {
  progress('token budget: 4 worker processes × concurrency 50');
  const tokenOpts = { processes: 4, concurrency: 50, jobs: 2000, accounts: 20, tokenTtlSec: 3 };
  const tokens = await repeat(RUNS, (run) => tokenBudgetRun(world, run, tokenOpts));
  rows.push({
    figure: 'token calls per app per token lifetime (worst app)',
    unit: 'calls',
    value: tokens.tokenCallsPerLifetime,
    target: '1',
  });
  rows.push({
    figure: 'token lifetimes per app during the run (fewest)',
    unit: 'tokens',
    value: tokens.lifetimesPerApp,
    target: '> 1',
  });
  rows.push({
    figure: 'max concurrent syncs per account',
    unit: 'syncs',
    value: tokens.maxConcurrentSyncsPerAccount,
    target: '1',
  });
  rows.push({ figure: '2 000 jobs over 20 accounts, 4 processes × 50', unit: 's', value: tokens.seconds });
}

async function schedulingSection() {
  progress('scheduling 10 000 accounts');
  const sched = await repeat(RUNS, (run) => schedulingRun(world, run, 10_000));
  rows.push({
    figure: 'reconcile schedulers, 10 000 accounts (first)',
    unit: 's',
    value: sched.reconcileSeconds,
  });
  rows.push({ figure: 'reconcile again, nothing changed', unit: 's', value: sched.reconcileAgainSeconds });
  rows.push({
    figure: 'enqueue 10 000 syncs, enqueueSyncBulk (500 a call)',
    unit: 's',
    value: sched.enqueueBulkSeconds,
  });
  rows.push({
    figure: 'enqueue 10 000 syncs, enqueueSync (100 in flight)',
    unit: 's',
    value: sched.enqueueOneByOneSeconds,
  });
}

async function authoritySection() {
  progress('token authority: 200 concurrent callers, beside a plain Redis GET');
  const figures = await repeat(RUNS, (run) =>
    authorityRun(world, run, {
      callers: 200,
      perCaller: 50,
      apps: 20,
    }),
  );
  rows.push(
    {
      figure: 'token authority answers, 200 concurrent callers',
      unit: 'answers/s',
      value: figures.authorityPerSec,
    },
    { figure: 'token authority p99, 200 concurrent callers', unit: 'ms', value: figures.authorityP99Ms },
    {
      figure: 'plain Redis GET of the token, 200 concurrent callers',
      unit: 'GETs/s',
      value: figures.redisGetPerSec,
    },
    { figure: 'plain Redis GET p99, 200 concurrent callers', unit: 'ms', value: figures.redisGetP99Ms },
  );
}

async function pushesSection() {
  let best = 0;
  for (const inFlight of PUSH_IN_FLIGHT) {
    progress(`pushes accepted, safe mode, ${inFlight} in flight`);
    const figures = await repeat(RUNS, (run) =>
      pushesRun(world, run, { pushes: 3000, inFlight, accounts: 100 }),
    );
    const at = `${inFlight} in flight`;
    rows.push(
      { figure: `pushes accepted, safe mode, ${at}`, unit: 'pushes/s', value: figures.pushesPerSec },
      { figure: `push answer p50, ${at}`, unit: 'ms', value: figures.p50 },
      { figure: `push answer p99, ${at}`, unit: 'ms', value: figures.p99, target: '< 100' },
    );
    if (figures.p99.median < 100) best = Math.max(best, figures.pushesPerSec.median);
  }
  rows.push({
    figure: 'pushes accepted per second with p99 under 100 ms (best of the above)',
    unit: 'pushes/s',
    value: { median: best, min: best, max: best, runs: [best] },
  });
}

async function consoleSection() {
  progress('accounts console, 10 000 accounts');
  const page = await repeat(RUNS, (run) =>
    consoleRun(world, `${prefix}-c${run}`, 10_000, discardingLogger('warn')),
  );
  rows.push({
    figure: 'console accounts page, time to first byte, 10 000 accounts (median)',
    unit: 'ms',
    value: page.ttfbMs,
    target: '< 300',
  });
  rows.push({ figure: 'console accounts page, time to first byte, p95', unit: 'ms', value: page.ttfbP95Ms });
  rows.push({ figure: 'plain Redis round trip (PING), same run', unit: 'ms', value: page.redisPingMs });
  rows.push({ figure: 'ratio console page / Redis round trip', unit: '', value: page.ratio });
}
