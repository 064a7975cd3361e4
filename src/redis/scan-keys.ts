import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './connection.js';

/** The nodes that hold keys: the one Redis, or every master of a Cluster (SCAN sees one node only). */
export function keyHoldingNodes(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * Every key matching `pattern`, page by page (SCAN, so a large Redis is not blocked), over
 * every master on Cluster. A key may be yielded twice (SCAN's guarantee); callers dedupe.
 */
export async function* scanKeys(redis: RedisClient, pattern: string, count = 500): AsyncGenerator<string[]> {
  for (const node of keyHoldingNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}
