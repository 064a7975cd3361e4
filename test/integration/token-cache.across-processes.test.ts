import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { decodeTokenRecord } from '../../src/token/token-cache-record.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import {
  type ChildMessage,
  type ChildResult,
  type ParentMessage,
  tokenHash,
} from '../helpers/token-cache-child-protocol.js';
import { startTokenCacheWorld, type TokenCacheWorld } from '../helpers/token-cache-world.js';

const CHILD = fileURLToPath(new URL('../helpers/token-cache-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROCESSES = 4;
/** 13 + 13 + 12 + 12: fifty jobs needing the app's token at once, spread over four workers. */
const GETS = [13, 13, 12, 12];
/**
 * How long the simulator takes to answer a token call. It only has to cover the spread
 * between the children receiving "go", but a loaded CI box can delay a process by
 * hundreds of ms; in the failure case a child that came late would make its own call.
 */
const TOKEN_LATENCY_MS = 1_500;

/** A child process, read one JSON message at a time. */
class Child {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #messages: ChildMessage[] = [];
  readonly #waiting: Array<{ resolve: (message: ChildMessage) => void; reject: (err: Error) => void }> = [];
  #stderr = '';

  constructor(env: Record<string, string>) {
    this.#proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#proc.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    createInterface({ input: this.#proc.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as ChildMessage;
      const waiter = this.#waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.#messages.push(message);
    });
    this.#proc.on('exit', (code) => {
      const err = new Error(`token cache child exited with ${code}: ${this.#stderr}`);
      for (const waiter of this.#waiting.splice(0)) waiter.reject(err);
    });
  }

  /** The child's next message; rejects if it exits first. */
  next(): Promise<ChildMessage> {
    const queued = this.#messages.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#proc.exitCode !== null)
      return Promise.reject(new Error(`token cache child exited: ${this.#stderr}`));
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  send(message: ParentMessage): void {
    this.#proc.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Asks the child to close its connections and waits for its exit code. */
  async exit(): Promise<number | null> {
    if (this.#proc.exitCode !== null) return this.#proc.exitCode;
    const exited = once(this.#proc, 'exit');
    this.send({ type: 'exit' });
    this.#proc.stdin.end();
    const [code] = (await exited) as [number | null];
    return code;
  }

  kill(): void {
    if (this.#proc.exitCode === null) this.#proc.kill();
  }
}

let world: TokenCacheWorld;
const children: Child[] = [];

beforeAll(async () => {
  world = await startTokenCacheWorld('token-procs');
  const env = { SIM_URL: world.sim.url, KEY_PREFIX: world.keys.prefix, TEST_REDIS_URL };
  for (let i = 0; i < PROCESSES; i++) children.push(new Child(env));
  const ready = await Promise.all(children.map((child) => child.next()));
  expect(ready).toEqual(children.map(() => ({ type: 'ready' })));
}, 120_000);

afterAll(async () => {
  try {
    expect(await Promise.all(children.map((child) => child.exit()))).toEqual(children.map(() => 0));
  } finally {
    for (const child of children) child.kill();
    await world.close();
  }
}, 30_000);

/** Sends the start signal to every child at once (all have reported ready) and collects their results. */
async function fireEverywhere(appId: string, secret: string): Promise<ChildResult[]> {
  const results = children.map((child) => child.next());
  children.forEach((child, i) => {
    child.send({ type: 'go', appId, secret, count: GETS[i]! });
  });
  return (await Promise.all(results)) as ChildResult[];
}

describe('TokenCache across processes', () => {
  test('4 processes x ~13 concurrent gets: one token call, all 50 get the same token', async () => {
    // The slow token endpoint keeps the first call in flight while every process asks.
    const app = await world.newApp({ tokenLatencyMs: TOKEN_LATENCY_MS });
    const results = await fireEverywhere(app.appId, app.appSecret.reveal());

    expect(results.map((result) => result.errors)).toEqual(children.map(() => []));
    const hashes = results.flatMap((result) => result.tokens);
    expect(hashes).toHaveLength(50);
    const cached = decodeTokenRecord(await world.redis.get(world.keys.token(app.appId)));
    expect(cached).not.toBeNull();
    expect(new Set(hashes)).toEqual(new Set([tokenHash(cached!.token.reveal())]));
    expect(await world.sim.control.stats(app.appId)).toMatchObject({ tokenCalls: 1, tokensIssued: 1 });
  });

  test('app not whitelisted: one token call, all 50 gets in 4 processes reject with IpNotWhitelistedError', async () => {
    const app = await world.newApp({
      whitelist: ['203.0.113.7'],
      egressIp: '1.92.157.200',
      tokenLatencyMs: TOKEN_LATENCY_MS,
    });
    const results = await fireEverywhere(app.appId, app.appSecret.reveal());

    const errors = results.flatMap((result) => result.errors);
    expect(results.flatMap((result) => result.tokens)).toEqual([]);
    expect(errors).toHaveLength(50);
    const rid = errors[0]!.rid;
    expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(new Set(errors.map((err) => JSON.stringify(err)))).toEqual(
      new Set([JSON.stringify({ name: 'IpNotWhitelistedError', errcode: 40164, rid, ip: '1.92.157.200' })]),
    );
    expect(await world.sim.control.stats(app.appId)).toMatchObject({
      tokenCalls: 1,
      errorsByCode: { '40164': 1 },
    });
  });
});
