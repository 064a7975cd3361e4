import { QueueEvents } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { AccountBlocks } from '../accounts/index.js';
import type { AppConfig } from '../config/index.js';
import { SYNC_QUEUE } from '../queue/names.js';
import { createSyncQueue, type SyncQueue } from '../queue/sync-queue.js';
import { connectRedis, type RedisClient } from '../redis/connection.js';
import { RedisKeys } from '../redis/keys.js';

/**
 * A command, unlike a service, should not outwait a Redis outage: a few reconnects, then
 * ioredis gives up and the waiting command fails with the connection error (BullMQ waits
 * for `ready` or `end`, so without an end it would hang a terminal or a cron job).
 * On Redis Cluster these node options do not decide: connectRedis keeps the cluster's own
 * reconnect-forever strategy, so there a command against an unreachable cluster waits.
 */
const GIVE_UP: RedisOptions = { retryStrategy: (times) => (times > 3 ? null : times * 250) };

/**
 * The connections one CLI command needs, opened on first use and all closed by close().
 * Commands use the 'client' role: a command fails after a few retries instead of hanging.
 */
export class CliSession {
  #redis: RedisClient | null = null;
  #queue: SyncQueue | null = null;
  #events: QueueEvents | null = null;
  #eventsConnection: RedisClient | null = null;
  #closing: Promise<void> | null = null;

  constructor(private readonly config: Pick<AppConfig, 'redisUrl' | 'redisClusterNodes' | 'queuePrefix'>) {}

  get redis(): RedisClient {
    this.#redis ??= connectRedis(this.config, 'client', GIVE_UP);
    return this.#redis;
  }

  get queue(): SyncQueue {
    if (!this.#queue) {
      this.#queue = createSyncQueue(this.redis, this.config.queuePrefix);
      // Connection errors surface as the failing command's error; this keeps BullMQ from also printing them raw.
      this.#queue.on('error', () => {});
    }
    return this.#queue;
  }

  get blocks(): AccountBlocks {
    return new AccountBlocks(this.redis, new RedisKeys(this.config.queuePrefix));
  }

  /** Listening before it returns, so events of a job added afterwards are not missed. */
  async queueEvents(): Promise<QueueEvents> {
    if (!this.#events) {
      // XREAD BLOCK holds its connection, and BullMQ requires maxRetriesPerRequest: null for it.
      this.#eventsConnection = connectRedis(this.config, 'worker', GIVE_UP);
      this.#events = new QueueEvents(SYNC_QUEUE, {
        connection: this.#eventsConnection,
        prefix: this.config.queuePrefix,
      });
      this.#events.on('error', () => {});
    }
    await this.#events.waitUntilReady();
    return this.#events;
  }

  /** Closes whatever was opened, each step even when one before failed. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      // BullMQ leaves connections it was given open: QUIT them ourselves, after it let go.
      const steps: Array<() => Promise<unknown> | undefined> = [
        () => this.#events?.close(),
        () => this.#queue?.close(),
        () => quitOrDrop(this.#eventsConnection),
        () => quitOrDrop(this.#redis),
      ];
      for (const step of steps) {
        try {
          await step();
        } catch {
          // The command's outcome is already decided; the sockets are dropped regardless.
        }
      }
    })();
    return this.#closing;
  }
}

/**
 * QUIT, or drop the socket when QUIT fails. Not both: ioredis's disconnect() on a socket
 * that already closed arms a 2 s timer waiting for a close that never comes, and the
 * process would linger that long.
 */
async function quitOrDrop(connection: RedisClient | null): Promise<void> {
  if (!connection || connection.status === 'end') return;
  await connection.quit().catch(() => connection.disconnect());
}
