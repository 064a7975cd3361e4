import type { Redis } from 'ioredis';

/**
 * Total commands Redis has executed, from INFO commandstats (`cmdstat_get:calls=12,…`).
 * Commands that Lua scripts run count too, which is what a script costs the server.
 * The INFO calls themselves are left out so reading the counter does not move it.
 */
export async function commandCount(redis: Redis): Promise<number> {
  return parseCommandCount(await redis.info('commandstats'));
}

export function parseCommandCount(info: string): number {
  let total = 0;
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match && match[1] !== 'info') total += Number(match[2]);
  }
  return total;
}
