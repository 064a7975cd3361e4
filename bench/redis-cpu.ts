import type { Redis } from 'ioredis';

/**
 * CPU seconds the Redis server has spent (user + system, its main thread and the rest),
 * from INFO cpu. The bench's Redis is private, so a difference of two readings is what
 * the commands of one run cost the server, plus its own housekeeping (serverCron, ~10 Hz:
 * well under 1 % of a core, and the same for every run of the same length).
 */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  return parseRedisCpu(await redis.info('cpu'));
}

export function parseRedisCpu(info: string): number {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info);
    if (!match) throw new Error(`INFO cpu: no ${name}`);
    return Number(match[1]);
  };
  return field('used_cpu_user') + field('used_cpu_sys');
}
