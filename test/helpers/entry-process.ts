import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface EntryExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EntryResult extends EntryExit {
  stdout: string;
  stderr: string;
}

/**
 * A clean environment: only what Node and tsx need, plus the test's variables, so a
 * developer's own REDIS_URL, QUEUE_PREFIX or ACCOUNTS_FILE can never leak into a test.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PATH, HOME, TMPDIR } = process.env;
  return { ...(PATH ? { PATH } : {}), ...(HOME ? { HOME } : {}), ...(TMPDIR ? { TMPDIR } : {}), ...env };
}

/**
 * An entry point (`producers/cli.ts`, …) run as its own process under tsx, exactly as an
 * operator runs it; stdout is read line by line so a test can await what it printed.
 */
export class EntryProcess {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #lines: string[] = [];
  readonly #waiters = new Set<() => void>();
  #stdout = '';
  #stderr = '';
  readonly exited: Promise<EntryExit>;

  constructor(entry: string, args: string[], env: Record<string, string>) {
    this.#proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: REPO_ROOT,
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#proc.stdin.end();
    this.#proc.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    this.#proc.stdout.on('data', (chunk: Buffer) => {
      this.#stdout += chunk.toString();
    });
    createInterface({ input: this.#proc.stdout }).on('line', (line) => {
      this.#lines.push(line);
      for (const wake of this.#waiters) wake();
    });
    this.exited = once(this.#proc, 'close').then(([code, signal]) => {
      for (const wake of this.#waiters) wake();
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /**
   * The first stdout line (after the first `from` lines) that matches; rejects when the
   * process ends first or after `timeoutMs` (a safety net, not a wait: matching lines
   * resolve at once).
   */
  waitForLine(
    matches: (line: string) => boolean,
    opts: { from?: number; timeoutMs?: number } = {},
  ): Promise<string> {
    const { from = 0, timeoutMs = 20_000 } = opts;
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.#lines.slice(from).find(matches);
        if (line !== undefined) return done(() => resolve(line));
        if (this.#proc.exitCode !== null || this.#proc.signalCode !== null) {
          done(() => reject(new Error(`process ended before the line appeared.\n${this.#describe()}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no such line after ${timeoutMs} ms.\n${this.#describe()}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** How many stdout lines have arrived so far (a `from` for the next waitForLine). */
  get lineCount(): number {
    return this.#lines.length;
  }

  signal(signal: NodeJS.Signals): void {
    this.#proc.kill(signal);
  }

  /** For afterAll: ends the process if a failed test left it running. */
  async stop(): Promise<void> {
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) this.#proc.kill('SIGKILL');
    await this.exited;
  }

  #describe(): string {
    return `stdout:\n${this.#stdout}\nstderr:\n${this.#stderr}`;
  }
}

/** Runs an entry point to its end and returns its exit code and output. */
export async function runEntry(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<EntryResult> {
  const child = new EntryProcess(entry, args, env);
  const exit = await child.exited;
  return { ...exit, stdout: child.stdout, stderr: child.stderr };
}
