import type { Logger } from 'pino';
import type { AnalyticsStore } from '../analytics/analytics-store.js';
import type { Account, SyncKind } from '../config/index.js';
import type { SyncState, SyncStore, SyncStoreKind } from '../store/index.js';
import type { TokenCache } from '../token/token-cache.js';
import type { WeChatClient } from '../wechat/client.js';

/** Spaces an app's WeChat calls (see src/pacing): resolves when this call may go. */
export interface CallPacer {
  take(appId: string, signal?: AbortSignal): Promise<void>;
}

/**
 * Progress of one kind, reported after every page, e.g. `{ kind: 'articles', pages: 3,
 * fetched: 45, total: 45 }`. A type alias, not an interface, so it is assignable to the
 * processor's `Record<string, unknown>` progress callback.
 */
export type SyncProgress = {
  kind: SyncKind;
  /** Pages fetched so far. */
  pages: number;
  /** Records received so far. */
  fetched: number;
  /** What WeChat last said the total is (it may change during a run). */
  total: number;
  /** Pages done so far per kind in this run, the current kind included. */
  pagesByKind?: Partial<Record<SyncKind, number>>;
  /** Malformed entries left out so far (present only when there are any), and their first ids. */
  skipped?: number;
  skippedIds?: string[];
};

/** Everything one sync run needs, passed in: sync code imports neither BullMQ nor process.env. */
export interface SyncContext {
  account: Account;
  jobId: string;
  /** The lock lease's fencing number; every store write carries it. */
  fence: number;
  /** The lease's signal: aborted (reason LockLostError) when the lock is lost. */
  signal: AbortSignal;
  /** Ignore checkpoints and start a full pass of every kind from its first page. */
  force: boolean;
  client: WeChatClient;
  tokens: TokenCache;
  store: SyncStore;
  /** Already bound to the job (jobId, accountId). */
  logger: Logger;
  /**
   * A logger with the job's bindings and `bindings`, made beside `logger` rather than as its
   * child: a pino child is its parent's prototype, and turning each job's logger into one
   * cost ~40 µs a job (V8 re-shapes the object). Absent: `logger.child(bindings)`.
   */
  loggerWith?: (bindings: Record<string, unknown>) => Logger;
  onProgress?: (progress: SyncProgress) => Promise<void>;
  /** Per-app call pacing shared by every worker; absent = unpaced (tests of other things). */
  pacer?: CallPacer;
  /** Clock for pass times; default Date.now. */
  now?: () => number;
  /** How old the last full articles pass may be before an incremental run does a full one instead. */
  articlesFullPassEveryMs?: number;
  /**
   * Every kind's state as the job's start read it under the lock (src/worker/start-reads.ts);
   * absent: each kind reads its own from the store. Only a kind's own sync writes its
   * state, once per job, so each kind may start from this.
   */
  syncState?: SyncState;
  /** The analytics kind's store and limits; absent = an account asking for `analytics` fails. */
  analytics?: AnalyticsSettings;
}

export interface AnalyticsSettings {
  store: AnalyticsStore;
  /** ANALYTICS_BACKFILL_DAYS. */
  backfillDays: number;
  /** ANALYTICS_CALLS_PER_PASS, per datacube API. */
  callsPerPass: number;
}

/** What one kind's sync did. Counts only: no token, secret or content. */
export interface KindSummary {
  pages: number;
  /** Records WeChat returned. */
  fetched: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Followers marked unsubscribed (articles and materials are never removed). */
  removed: number;
  /** Entries WeChat sent malformed, left out (each named in a warn line), and the first of their ids. */
  skipped: number;
  skippedIds: string[];
  /** Data calls made to WeChat, counting a retry after a token refresh; token fetches not included. */
  wechatCalls: number;
  /** This run continued a pass an earlier attempt had checkpointed. */
  resumed: boolean;
  /** This run's pass walks the whole list (false: an incremental articles pass). */
  full: boolean;
  /** Whether the pass reached its end in this run. */
  completed: boolean;
  durationMs: number;
  /** analytics only: days of the window (summed over its APIs) still missing after this run. */
  missingDays?: number;
}

/** The job's return value (shown by the API, the CLI and Bull Board). */
export interface SyncSummary {
  accountId: string;
  /** Only the kinds that ran; a kind not implemented yet is absent, never reported as synced. */
  kinds: Partial<Record<SyncKind, KindSummary>>;
  durationMs: number;
}

export function emptyKindSummary(): KindSummary {
  return {
    pages: 0,
    fetched: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    skipped: 0,
    skippedIds: [],
    wechatCalls: 0,
    resumed: false,
    full: true,
    completed: false,
    durationMs: 0,
  };
}

/** A kind's state at the start of its sync: the one read with the lock, else the store's. */
export async function kindStateAtStart<K extends SyncStoreKind>(
  ctx: SyncContext,
  kind: K,
): Promise<SyncState[K]> {
  return (ctx.syncState ?? (await ctx.store.getSyncState(ctx.account.accountId)))[kind];
}
