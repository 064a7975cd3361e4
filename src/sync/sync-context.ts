import type { Logger } from 'pino';
import type { Account, SyncKind } from '../config/index.js';
import type { SyncStore } from '../store/index.js';
import type { WeChatClient } from '../wechat/client.js';
import type { TokenCache } from '../wechat/token-cache.js';

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
};

/** Everything one sync run needs, passed in: sync code imports neither BullMQ nor process.env. */
export interface SyncContext {
  account: Account;
  jobId: string;
  /** The lock lease's fencing number; every store write carries it. */
  fence: number;
  /** The lease's signal: aborted (reason LockLostError) when the lock is lost. */
  signal: AbortSignal;
  /** Ignore checkpoints. There are none yet: every run is a full sync. */
  force: boolean;
  client: WeChatClient;
  tokens: TokenCache;
  store: SyncStore;
  /** Already bound to the job (jobId, accountId). */
  logger: Logger;
  onProgress?: (progress: SyncProgress) => Promise<void>;
}

/** What one kind's sync did. Counts only: no token, secret or content. */
export interface KindSummary {
  pages: number;
  /** Records WeChat returned. */
  fetched: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Data calls made to WeChat, counting a retry after a token refresh; token fetches not included. */
  wechatCalls: number;
}

/** The job's return value (shown by the API, the CLI and Bull Board). */
export interface SyncSummary {
  accountId: string;
  /** Only the kinds that ran; a kind not implemented yet is absent, never reported as synced. */
  kinds: Partial<Record<SyncKind, KindSummary>>;
  durationMs: number;
}

export function emptyKindSummary(): KindSummary {
  return { pages: 0, fetched: 0, added: 0, updated: 0, unchanged: 0, wechatCalls: 0 };
}
