import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { SYNC_QUEUE } from '../../src/queue/names.js';
import { createTestRedis } from './redis.js';

/** The queue events the worker tests follow. */
export const RECORDED_EVENTS = ['active', 'progress', 'delayed', 'completed', 'failed', 'stalled'] as const;
export type RecordedEventName = (typeof RECORDED_EVENTS)[number];

export interface RecordedEvent {
  event: RecordedEventName;
  jobId: string;
  /** The event's fields as BullMQ published them (`data` of progress, `failedReason`, …). */
  args: Record<string, unknown>;
}

type Waiter = () => void;

/**
 * Every event of the sync queue under a prefix, kept in order, from the first one on:
 * it reads the events stream from its start (lastEventId 0), so an event published
 * before a test began waiting (a job that went active while a process was starting)
 * is never missed. Waits resolve on events, not by polling.
 */
export class QueueEventLog {
  readonly #redis: Redis = createTestRedis();
  readonly #events: QueueEvents;
  readonly #recorded: RecordedEvent[] = [];
  readonly #waiters = new Set<Waiter>();

  private constructor(prefix: string) {
    this.#events = new QueueEvents(SYNC_QUEUE, { connection: this.#redis, prefix, lastEventId: '0' });
    for (const event of RECORDED_EVENTS) {
      this.#events.on(event, (args: { jobId: string }) => {
        this.#recorded.push({ event, jobId: args.jobId, args: { ...args } });
        for (const wake of this.#waiters) wake();
      });
    }
  }

  static async start(prefix: string): Promise<QueueEventLog> {
    const log = new QueueEventLog(prefix);
    await log.#events.waitUntilReady();
    return log;
  }

  /** Recorded events, optionally of one kind and one job. */
  of(event?: RecordedEventName, jobId?: string): RecordedEvent[] {
    return this.#recorded.filter(
      (e) => (event === undefined || e.event === event) && (jobId === undefined || e.jobId === jobId),
    );
  }

  /** The first `event` of `jobId`, now or when it arrives. */
  async waitFor(event: RecordedEventName, jobId: string, timeoutMs = 30_000): Promise<RecordedEvent> {
    await this.waitUntil(() => this.of(event, jobId).length > 0, `${event} of job ${jobId}`, timeoutMs);
    return this.of(event, jobId)[0] as RecordedEvent;
  }

  /**
   * Resolves once `done()` holds, checked now and after every event; rejects after
   * `timeoutMs` (a safety net) with what was recorded, so a failure explains itself.
   */
  waitUntil(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      const check = () => {
        if (done()) finish(resolve);
      };
      const timer = setTimeout(() => {
        const seen = this.#recorded.map((e) => `${e.event} ${e.jobId}`).join('\n');
        finish(() => reject(new Error(`no ${what} after ${timeoutMs} ms; events so far:\n${seen}`)));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  async close(): Promise<void> {
    await this.#events.close();
    // BullMQ leaves a connection it was handed open.
    this.#redis.disconnect();
  }
}
