import { Redis } from 'ioredis';
import type { Account } from '../src/config/index.js';
import { enqueueSyncBulk, type SyncQueue } from '../src/queue/index.js';
import type { RedisClient } from '../src/redis/connection.js';
import type { Services } from '../src/runtime/services.js';
import { startWorker } from '../src/worker/start-worker.js';
import { drain } from './throughput.js';

/** A command as ioredis hands it to sendCommand: its name, arguments and reply. */
interface SentCommand {
  name: string;
  args: unknown[];
  promise: Promise<unknown>;
}

export interface RoundTripFigures {
  /** Sequential waits on Redis inside one job's processor, median over the jobs. */
  perJob: number;
  /** What each wait of one job sent (script or command names; `+` joins commands in flight together). */
  sample: string[];
}

/** BullMQ's end of a job: the processor has returned when the worker sends it. */
const JOB_END_SCRIPT = /^moveToFinished/;

/**
 * Commands that wait on the server for something to happen (BullMQ's next-job wait, a
 * QueueEvents reader): in flight for seconds on connections of their own, never a step of a
 * job, so they are neither counted nor allowed to make the job's own commands look overlapped.
 */
const BLOCKING = new Set([
  'xread',
  'xreadgroup',
  'bzpopmin',
  'bzpopmax',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
]);

/**
 * Script names by SHA, from the connections that defined them (defineCommand). On a Cluster
 * the scripts live on the Cluster object, while commands go out through its node
 * connections, so the names are gathered up front rather than from the sending connection.
 */
function scriptNames(clients: readonly RedisClient[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const client of clients) {
    const scripts = (client as unknown as { scriptsSet?: Record<string, { sha: string }> }).scriptsSet ?? {};
    for (const [name, script] of Object.entries(scripts)) names.set(script.sha, name);
  }
  return names;
}

/** The name a script was defined under, for an EVALSHA; else the command's own name. */
function commandLabel(names: Map<string, string>, command: SentCommand): string {
  if (command.name !== 'evalsha') return command.name;
  return names.get(String(command.args[0])) ?? 'evalsha';
}

/**
 * Counts, not estimates, the project's own Redis round trips per job: the pipeline at
 * concurrency 1, every ioredis command of this process seen (the services' connection and
 * the worker's, through which job.log and updateProgress go), from the worker's `active`
 * event (BullMQ hands the job to the processor) until BullMQ sends moveToFinished (the
 * processor has returned). A wait starts whenever a command is sent while none is in
 * flight: commands sent together (a pipeline, auto-pipelining, Promise.all over two
 * connections) are one wait, as they are for the job's latency.
 */
export async function roundTripsRun(
  accounts: readonly Account[],
  services: Services,
  queue: SyncQueue,
  jobs: number,
  /** Connections on which BullMQ defined its scripts (the queue's): moveToFinished is found by its name. */
  bullmqClients: readonly RedisClient[],
): Promise<RoundTripFigures> {
  const original = Redis.prototype.sendCommand;
  let names = scriptNames([services.redis, ...bullmqClients]);
  const perJob: string[][] = [];
  /** The job being watched: its waits so far and its commands still in flight. */
  let current: { waits: string[]; inFlight: number } | null = null;
  Redis.prototype.sendCommand = function (this: Redis, command: SentCommand, ...rest: unknown[]) {
    const label = commandLabel(names, command);
    if (current && JOB_END_SCRIPT.test(label)) {
      perJob.push(current.waits);
      current = null;
    }
    const job = BLOCKING.has(label) ? null : current;
    if (job) {
      if (job.inFlight === 0) job.waits.push(label);
      else job.waits[job.waits.length - 1] += `+${label}`;
      job.inFlight += 1;
      // Only counting: the caller handles the reply and its errors.
      const settled = () => {
        job.inFlight -= 1;
      };
      command.promise.then(settled, settled);
    }
    return (original as (...args: unknown[]) => unknown).call(this, command, ...rest);
  } as typeof original;
  const running = await startWorker(services, { concurrency: 1 });
  // The worker's scripts (the pacer's) are defined by now.
  names = scriptNames([services.redis, ...bullmqClients]);
  const onActive = () => {
    current = { waits: [], inFlight: 0 };
  };
  running.worker.on('active', onActive);
  try {
    const inputs = accounts.slice(0, jobs).map((a) => ({ accountId: a.accountId, trigger: 'api' as const }));
    await drain(services.redis as Redis, running.worker, jobs, () => enqueueSyncBulk(queue, inputs));
  } finally {
    running.worker.off('active', onActive);
    Redis.prototype.sendCommand = original;
    await running.close();
  }
  if (perJob.length === 0) throw new Error('round trips: no job was seen ending');
  const counts = perJob.map((waits) => waits.length).sort((a, b) => a - b);
  return { perJob: counts[Math.floor(counts.length / 2)] as number, sample: perJob.at(-1) ?? [] };
}
