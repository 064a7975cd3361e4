import { createSyncQueue } from '../src/queue/sync-queue.js';
import { createServices } from '../src/runtime/services.js';
import { benchConnection, discardingLogger, startBenchWorld } from './bench-world.js';
import { pipelineRun } from './throughput.js';

/*
 * `npx tsx bench/bytes-per-job.ts`: the Redis network bytes and the memory one sync job
 * costs (inputs of the README's Capacity table), on a private redis-server: JOBS accounts,
 * one job each, 5 articles per account, concurrency 10. INFO stats counts every client's
 * bytes, so only this run's connections are counted.
 */
const JOBS = Number(process.argv[2] ?? 500);
const world = await startBenchWorld(JOBS);
const admin = benchConnection(world);
const stat = async (section: string, field: string) => {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(await admin.info(section));
  return Number(match?.[1] ?? Number.NaN);
};
try {
  const services = createServices(world.config('bytes'), discardingLogger());
  const queue = createSyncQueue(admin, 'bytes');
  const before = {
    in: await stat('stats', 'total_net_input_bytes'),
    out: await stat('stats', 'total_net_output_bytes'),
    mem: await stat('memory', 'used_memory'),
  };
  const figures = await pipelineRun(world, services, queue, 10, JOBS);
  await queue.close();
  await services.close();
  const after = {
    in: await stat('stats', 'total_net_input_bytes'),
    out: await stat('stats', 'total_net_output_bytes'),
    mem: await stat('memory', 'used_memory'),
  };
  console.log(
    JSON.stringify({
      jobs: JOBS,
      commandsPerJob: Number(figures.commandsPerJob.toFixed(1)),
      bytesInPerJob: Math.round((after.in - before.in) / JOBS),
      bytesOutPerJob: Math.round((after.out - before.out) / JOBS),
      memoryPerAccount: Math.round((after.mem - before.mem) / JOBS),
    }),
  );
} finally {
  await admin.quit();
  await world.close();
}
