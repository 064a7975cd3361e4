import { Cluster } from 'ioredis';
import type { RedisClient } from '../redis/connection.js';

/** One command as [name, ...args]. */
export type BatchCommand = [string, ...Array<string | number>];

/**
 * Runs many commands in one round trip and returns their replies in order (an error
 * reply rejects). One Redis: a pipeline. Cluster: ioredis pipelines only keys of one node,
 * so the commands are sent together unawaited and the client groups them per node;
 * either way no command waits for the one before it.
 */
export async function runBatch(redis: RedisClient, commands: readonly BatchCommand[]): Promise<unknown[]> {
  if (commands.length === 0) return [];
  if (redis instanceof Cluster)
    return Promise.all(commands.map(([name, ...args]) => redis.call(name, ...args)));
  const pipeline = redis.pipeline();
  for (const [name, ...args] of commands) pipeline.call(name, ...args);
  const replies = (await pipeline.exec()) ?? [];
  return commands.map((_, i) => {
    const [err, value] = replies[i] ?? [new Error('runBatch: missing pipeline reply'), null];
    if (err) throw err;
    return value;
  });
}
