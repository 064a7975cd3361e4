import { quotaDay } from './clock.js';

/**
 * Daily call limits per cgi path. Token, stable_token, freepublish/batchget and
 * user/get come from wechat-api.md; the others are not stated there and are set to
 * plausible values (tests override any of them through `quotas`).
 */
export const DEFAULT_DAILY_QUOTAS: Readonly<Record<string, number>> = {
  '/cgi-bin/token': 2000,
  '/cgi-bin/stable_token': 500_000,
  '/cgi-bin/freepublish/batchget': 100,
  '/cgi-bin/draft/batchget': 1000,
  '/cgi-bin/draft/count': 1000,
  '/cgi-bin/material/batchget_material': 5000,
  '/cgi-bin/material/get_materialcount': 5000,
  '/cgi-bin/user/get': 500,
  '/cgi-bin/user/info/batchget': 500_000,
};

export interface QuotaUsage {
  daily_limit: number;
  used: number;
  remain: number;
}

/** Limits in force for an app: defaults with overrides on top, or none at all. */
export function resolveQuotaLimits(input: Record<string, number> | false | undefined): Map<string, number> {
  if (input === false) return new Map();
  return new Map(Object.entries({ ...DEFAULT_DAILY_QUOTAS, ...input }));
}

/** Per-path daily counters of one app; they start again when the sim-clock day (China time) changes. */
export class DailyQuotas {
  #day = -1;
  readonly #used = new Map<string, number>();

  constructor(private limits: Map<string, number>) {}

  setLimits(limits: Map<string, number>): void {
    this.limits = limits;
  }

  /** Counts one call; false (and not counted) when the day's limit is already used up. */
  take(path: string, now: number): boolean {
    const limit = this.limits.get(path);
    if (limit === undefined) return true;
    this.rollOver(now);
    const used = this.#used.get(path) ?? 0;
    if (used >= limit) return false;
    this.#used.set(path, used + 1);
    return true;
  }

  /** What `/cgi-bin/openapi/quota/get` reports, or null for a path without a quota. */
  usage(path: string, now: number): QuotaUsage | null {
    const limit = this.limits.get(path);
    if (limit === undefined) return null;
    this.rollOver(now);
    const used = this.#used.get(path) ?? 0;
    return { daily_limit: limit, used, remain: Math.max(0, limit - used) };
  }

  reset(): void {
    this.#used.clear();
  }

  private rollOver(now: number): void {
    const day = quotaDay(now);
    if (day === this.#day) return;
    this.#day = day;
    this.#used.clear();
  }
}
