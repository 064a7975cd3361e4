/**
 * The simulator's clock: real time plus an offset that tests move forward, so token
 * expiry, quota days and rids can be exercised without waiting hours.
 */
export class SimClock {
  #offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.realNow() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Time only moves forward: a token that expired must not come back to life. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms): ms must be >= 0, got ${ms}`);
    this.#offsetMs += ms;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}

const DAY_MS = 86_400_000;
/** WeChat's daily quotas roll over at midnight China Standard Time (UTC+8, no DST). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Day number (days since the epoch, China time) a quota counter belongs to. */
export function quotaDay(epochMs: number): number {
  return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
}

/** Minute number a per-minute limit belongs to. */
export function quotaMinute(epochMs: number): number {
  return Math.floor(epochMs / 60_000);
}
