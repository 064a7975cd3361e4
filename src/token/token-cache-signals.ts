import type { Logger } from 'pino';
import type { RedisClient } from '../redis/connection.js';

/** Why a wait ended. */
export type WakeReason = 'signal' | 'timeout' | 'closed';

/** One waiter's subscription to a channel; `stop()` when done waiting. */
export interface ChannelWatch {
  /**
   * Resolves on the next message on the channel, or after `timeoutMs`, or when the
   * signals are closed. A message that arrived since the previous call counts, so a
   * waiter busy reading Redis between two waits does not miss the announcement.
   */
  next(timeoutMs: number): Promise<WakeReason>;
  stop(): void;
}

class Watch implements ChannelWatch {
  #signalled = false;
  #closed = false;
  #wake: ((reason: WakeReason) => void) | null = null;

  constructor(private readonly onStop: (watch: Watch) => void) {}

  notify(reason: 'signal' | 'closed'): void {
    if (reason === 'closed') this.#closed = true;
    else this.#signalled = true;
    this.#wake?.(reason);
  }

  next(timeoutMs: number): Promise<WakeReason> {
    if (this.#closed) return Promise.resolve('closed');
    if (this.#signalled) {
      this.#signalled = false;
      return Promise.resolve('signal');
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#settle(resolve, 'timeout'), timeoutMs);
      this.#wake = (reason) => {
        clearTimeout(timer);
        this.#settle(resolve, reason);
      };
    });
  }

  #settle(resolve: (reason: WakeReason) => void, reason: WakeReason): void {
    this.#wake = null;
    if (reason === 'signal') this.#signalled = false;
    resolve(reason);
  }

  stop(): void {
    this.onStop(this);
  }
}

/**
 * The pub/sub side of the token cache: one subscriber connection (a duplicate of the
 * command connection, opened on first use, since a subscribed connection can run
 * nothing else), subscribed to a channel while at least one waiter watches it.
 * Pub/sub is fire-and-forget, so waiters also re-check on a timer; this only makes the
 * common case fast.
 */
export class RefreshSignals {
  readonly #redis: RedisClient;
  readonly #logger: Logger;
  #subscriber: RedisClient | null = null;
  readonly #watches = new Map<string, Set<Watch>>();
  readonly #subscriptions = new Map<string, Promise<unknown>>();
  #closing: Promise<void> | null = null;

  constructor(redis: RedisClient, logger: Logger) {
    this.#redis = redis;
    this.#logger = logger;
  }

  /** Starts watching `channel`; resolves once Redis confirmed the subscription. */
  async watch(channel: string): Promise<ChannelWatch> {
    if (this.#closing) throw new Error('RefreshSignals: closed');
    const subscriber = this.#connect();
    const watch = new Watch((w) => this.#unwatch(channel, w));
    let watches = this.#watches.get(channel);
    if (!watches) {
      watches = new Set();
      this.#watches.set(channel, watches);
      this.#subscriptions.set(
        channel,
        // Also after a reconnect: each SUBSCRIBE waits until the connection is ready.
        whenReady(subscriber).then(() => subscriber.subscribe(channel)),
      );
    }
    watches.add(watch);
    try {
      await this.#subscriptions.get(channel);
    } catch (err) {
      watch.stop();
      throw err;
    }
    return watch;
  }

  #connect(): RedisClient {
    if (this.#subscriber) return this.#subscriber;
    const subscriber = this.#redis.duplicate();
    subscriber.on('error', (err: Error) =>
      this.#logger.warn({ err }, 'token cache subscriber connection error'),
    );
    subscriber.on('message', (channel: string) => {
      for (const watch of this.#watches.get(channel) ?? []) watch.notify('signal');
    });
    this.#subscriber = subscriber;
    return subscriber;
  }

  #unwatch(channel: string, watch: Watch): void {
    const watches = this.#watches.get(channel);
    if (!watches?.delete(watch) || watches.size > 0) return;
    this.#watches.delete(channel);
    this.#subscriptions.delete(channel);
    // Commands on one connection run in order, so a later subscribe to the same channel still wins.
    this.#subscriber?.unsubscribe(channel).catch((err: unknown) => {
      if (!this.#closing) this.#logger.warn({ err, channel }, 'token cache unsubscribe failed');
    });
  }

  /** Wakes every waiter with 'closed' and closes the subscriber connection. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    for (const watches of this.#watches.values()) for (const watch of watches) watch.notify('closed');
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    try {
      await subscriber.quit();
    } catch {
      // QUIT fails when the connection is already down; drop it without waiting.
      subscriber.disconnect();
    }
  }
}

/**
 * Resolves once `conn` is ready; rejects if it ends first. ioredis 5 (redis/ioredis#2037,
 * fixed in 6.0) writes a SUBSCRIBE issued while the connection is in its handshake before
 * its own INFO / CLIENT commands, which then fail with "Connection in subscriber mode" and
 * take the subscription down with them. Seen here when many token waiters of a fresh
 * process watched channels while the subscriber connection was still connecting.
 */
function whenReady(conn: RedisClient): Promise<void> {
  if (conn.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      conn.off('ready', onReady);
      conn.off('end', onEnd);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => settle();
    const onEnd = () => settle(new Error('token cache subscriber connection ended before it was ready'));
    conn.on('ready', onReady);
    conn.on('end', onEnd);
  });
}
