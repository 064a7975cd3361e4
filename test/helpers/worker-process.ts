import { type EntryExit, EntryProcess } from './entry-process.js';
import { TEST_REDIS_URL } from './redis.js';

/** One line a worker process logged: pino writes one JSON object per line. */
export type WorkerLog = Record<string, unknown> & { level: number; msg: string; time: number; pid: number };

/** The environment of one worker process, as an operator would set it (src/config/env-schema.ts). */
export interface WorkerSettings {
  /** QUEUE_PREFIX: the test's own prefix. */
  prefix: string;
  /** WECHAT_API_BASE: the simulator's URL. */
  wechatApiBase: string;
  /** ACCOUNTS_FILE: an accounts file whose secrets are `env:` references. */
  accountsFile: string;
  /** The variables those references name, and anything else the process should see. */
  env?: Record<string, string>;
  /** HOST_ID: the name lock holders record for this process (tells processes apart in job logs). */
  hostId?: string;
  concurrency?: number;
  /** Default `info`: the worker's lifecycle and one line per job outcome. */
  logLevel?: string;
  shutdownGraceMs?: number;
  lockTtlMs?: number;
  /** WORKER_LOCK_DURATION_MS: BullMQ's job lock, so a dead process's job stalls soon. */
  lockDurationMs?: number;
  /** WORKER_STALLED_INTERVAL_MS: how often this process looks for stalled jobs. */
  stalledIntervalMs?: number;
}

const STARTED = 'sync worker started';

export function workerEnv(s: WorkerSettings): Record<string, string> {
  const optional: Record<string, number | string | undefined> = {
    HOST_ID: s.hostId,
    WORKER_CONCURRENCY: s.concurrency,
    SHUTDOWN_GRACE_MS: s.shutdownGraceMs,
    LOCK_TTL_MS: s.lockTtlMs,
    WORKER_LOCK_DURATION_MS: s.lockDurationMs,
    WORKER_STALLED_INTERVAL_MS: s.stalledIntervalMs,
  };
  const set = Object.entries(optional).filter(
    (entry): entry is [string, number | string] => entry[1] !== undefined,
  );
  return {
    ...s.env,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: s.prefix,
    WECHAT_API_BASE: s.wechatApiBase,
    ACCOUNTS_FILE: s.accountsFile,
    LOG_LEVEL: s.logLevel ?? 'info',
    LOG_PRETTY: 'false',
    ...Object.fromEntries(set.map(([name, value]) => [name, String(value)])),
  };
}

function parseLog(line: string): WorkerLog | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'msg' in parsed ? (parsed as WorkerLog) : null;
  } catch {
    return null;
  }
}

/**
 * A real worker process: `node --import tsx workers/sync-worker.ts`, exactly as the
 * `worker` npm script runs it. Made by WorkerFleet.start, which kills it in afterAll.
 */
export class WorkerProcess {
  readonly name: string;
  readonly #entry: EntryProcess;
  #pid: number | undefined;

  constructor(name: string, settings: WorkerSettings) {
    this.name = name;
    this.#entry = new EntryProcess('workers/sync-worker.ts', [], workerEnv(settings));
  }

  /** Resolves when the process has exited (never rejects). */
  get exited(): Promise<EntryExit> {
    return this.#entry.exited;
  }

  /** Every JSON line logged so far, oldest first. */
  logs(): WorkerLog[] {
    return this.#entry.stdout.split('\n').flatMap((line) => parseLog(line) ?? []);
  }

  /** Lines logged with this exact message. */
  logged(msg: string): WorkerLog[] {
    return this.logs().filter((log) => log.msg === msg);
  }

  /**
   * The first log line that matches; rejects if the process ends first, or after
   * `timeoutMs` as a safety net (a matching line resolves at once).
   */
  async waitForLog(matches: (log: WorkerLog) => boolean, timeoutMs = 30_000): Promise<WorkerLog> {
    const line = await this.#entry.waitForLine(
      (text) => {
        const log = parseLog(text);
        return log !== null && matches(log);
      },
      { timeoutMs },
    );
    return parseLog(line) as WorkerLog;
  }

  /**
   * Resolves with the start-up line once the worker takes jobs. Start-up is a few seconds
   * (tsx compiles the import graph); the long safety net is for a heavily loaded machine.
   */
  async ready(): Promise<WorkerLog> {
    const started = await this.waitForLog((log) => log.msg === STARTED, 60_000);
    this.#pid = started.pid;
    return started;
  }

  /** The process id (as lock holders record it), known once ready() resolved. */
  get pid(): number {
    if (this.#pid === undefined) throw new Error(`worker ${this.name} is not ready yet`);
    return this.#pid;
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<EntryExit> {
    this.#entry.signal(signal);
    return this.#entry.exited;
  }

  /** Kills the process if it still runs; for afterAll. */
  async kill(): Promise<void> {
    await this.#entry.stop();
  }

  get stderr(): string {
    return this.#entry.stderr;
  }
}

/** Every worker process a test file started, so afterAll can kill whatever is left. */
export class WorkerFleet {
  readonly #base: WorkerSettings;
  readonly #workers: WorkerProcess[] = [];

  constructor(base: WorkerSettings) {
    this.#base = base;
  }

  /** Spawns a worker (settings and env merged over the fleet's) and resolves once it takes jobs. */
  async start(name: string, settings: Partial<WorkerSettings> = {}): Promise<WorkerProcess> {
    const env = { ...this.#base.env, ...settings.env };
    const worker = new WorkerProcess(name, { ...this.#base, hostId: name, ...settings, env });
    this.#workers.push(worker);
    try {
      await worker.ready();
    } catch (err) {
      // A worker that starts late must not take the jobs of a later test.
      await worker.kill();
      throw err;
    }
    return worker;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.kill()));
  }
}
