import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { unusedPort } from './ports.js';

export interface PrivateRedisOptions {
  /** Append-only file on (survives a restart); default false (no persistence, fastest). */
  appendOnly?: boolean;
  /** The server's --dir is this folder under `dir` (created), e.g. `redis` to look like npm start's; default `dir` itself. */
  subdir?: string;
  /** How long start() waits for "Ready to accept connections"; default 10 s. */
  startTimeoutMs?: number;
}

/**
 * A redis-server of our own on a spare loopback port, for what must not touch the shared
 * Redis: restarting it under running workers, or counting commands with INFO commandstats
 * without other clients' commands in the numbers. Its data directory is a fresh temp dir,
 * so a restart with appendOnly finds the same data.
 */
export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'wechat-sync-redis-'));
  #proc: ChildProcess | null = null;
  #exited: Promise<unknown> | null = null;

  private constructor(
    readonly port: number,
    readonly opts: PrivateRedisOptions,
  ) {}

  static async start(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await unusedPort(), opts);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#proc !== null;
  }

  /** Starts the server (again, after stop()) and resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.#proc) return;
    const dataDir = this.opts.subdir ? join(this.dir, this.opts.subdir) : this.dir;
    mkdirSync(dataDir, { recursive: true });
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', ''];
    args.push('--appendonly', this.opts.appendOnly ? 'yes' : 'no', '--maxmemory-policy', 'noeviction');
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#proc = proc;
    this.#exited = once(proc, 'exit');
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis-server on ${this.port} not ready`)),
        this.opts.startTimeoutMs ?? 10_000,
      );
      lines.on('line', (line) => {
        if (!line.includes('Ready to accept connections')) return;
        clearTimeout(timer);
        resolve();
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on ${this.port} exited with ${code} before it was ready`));
      });
    });
    await ready;
  }

  /** SIGTERM: Redis writes its append-only file and exits; resolves once it has. */
  async stop(): Promise<void> {
    const proc = this.#proc;
    if (!proc) return;
    this.#proc = null;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await this.#exited;
  }

  /** Stops the server and deletes its data directory. Safe to call twice. */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
