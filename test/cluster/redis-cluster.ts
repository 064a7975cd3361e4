import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { ClusterNode } from '../../src/redis/connection.js';

/** A throwaway Redis Cluster of local redis-server processes (Debian's redis packages). */
export interface LocalCluster {
  /** Every node, masters and replicas: seeds for REDIS_CLUSTER_NODES. */
  nodes: ClusterNode[];
  /** SIGKILLs the node on `port` (a master's replica then takes over). */
  kill(port: number): Promise<void>;
  /** Resolves when every live node reports cluster_state:ok and `port` serves `slot` as master. */
  waitHealthy(opts?: { timeoutMs?: number }): Promise<void>;
  /** The port of the master currently serving `slot`. */
  masterOf(slot: number): Promise<number>;
  /** Resolves with the new master of `slot` once a node other than `old` serves it. */
  waitNewMaster(slot: number, old: number, timeoutMs?: number): Promise<number>;
  /** Kills every node and removes the data directory; safe after a failure and twice. */
  close(): Promise<void>;
}

export function redisServerAvailable(): boolean {
  return !spawnSync('redis-server', ['--version']).error && !spawnSync('redis-cli', ['--version']).error;
}

async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports whose cluster bus ports (+10000) are free too. */
async function sparePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const checks = await Promise.all(ports.flatMap((p) => [portFree(p), portFree(p + 10_000)]));
    if (checks.every(Boolean)) return ports;
  }
  throw new Error('no spare ports for a local Redis Cluster');
}

function probe(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  return redis;
}

// redis-server and CLUSTER INFO announce readiness by no event a parent can await: poll.
async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`local cluster: ${what} not reached after ${timeoutMs} ms`);
}

async function info(port: number, command: string[]): Promise<string> {
  const redis = probe(port);
  try {
    await redis.connect();
    return String(await redis.call(command[0] as string, ...command.slice(1)));
  } finally {
    redis.disconnect();
  }
}

/** Starts `masters` masters with `replicas` replicas each and joins them with redis-cli --cluster create. */
export async function startLocalCluster(masters = 3, replicas = 1): Promise<LocalCluster> {
  const ports = await sparePorts(masters * (1 + replicas));
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-cluster-'));
  const procs = new Map<number, ChildProcess>();
  const killed = new Set<number>();
  const close = async () => {
    await Promise.all([...procs.entries()].map(([port, proc]) => stop(port, proc)));
    rmSync(dir, { recursive: true, force: true });
  };
  const stop = async (port: number, proc: ChildProcess) => {
    killed.add(port);
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = once(proc, 'exit');
      proc.kill('SIGKILL');
      await exited;
    }
  };
  try {
    for (const port of ports) {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`);
      // A short node timeout makes a failover take seconds, not the default 15 s.
      args.push('--cluster-node-timeout', '1000', '--save', '', '--appendonly', 'no');
      args.push('--maxmemory-policy', 'noeviction', '--logfile', join(dir, `${port}.log`));
      procs.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of ports)
      await until(async () => (await info(port, ['PING'])) === 'PONG', `PING ${port}`, 10_000);
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
    const cluster: LocalCluster = {
      nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
      async kill(port) {
        const proc = procs.get(port);
        if (proc) await stop(port, proc);
      },
      async waitHealthy(opts = {}) {
        const live = ports.filter((p) => !killed.has(p));
        await until(
          async () => {
            for (const port of live) {
              if (!(await info(port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) return false;
            }
            return true;
          },
          'cluster_state:ok on every live node',
          opts.timeoutMs ?? 30_000,
        );
      },
      async masterOf(slot) {
        const live = ports.find((p) => !killed.has(p)) as number;
        const redis = probe(live);
        try {
          await redis.connect();
          const ranges = (await redis.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
          const range = ranges.find(([from, to]) => slot >= from && slot <= to);
          if (!range) throw new Error(`slot ${slot} is not served`);
          return range[2][1];
        } finally {
          redis.disconnect();
        }
      },
      async waitNewMaster(slot, old, timeoutMs = 30_000) {
        let master = old;
        await until(
          async () => {
            master = await cluster.masterOf(slot);
            return master !== old;
          },
          `a new master for slot ${slot}`,
          timeoutMs,
        );
        return master;
      },
      close,
    };
    await cluster.waitHealthy();
    return cluster;
  } catch (err) {
    await close();
    throw err;
  }
}
