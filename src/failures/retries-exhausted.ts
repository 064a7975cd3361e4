import type { FailureDiagnostic } from './diagnostic.js';

/** What a retryable error carries when it came from WeChat (TransientError, QuotaError, …). */
interface WeChatDetail {
  errcode?: number | null;
  errmsg?: string | null;
  rid?: string | null;
  endpoint?: string | null;
}

export interface RetriesExhaustedContext {
  accountId: string;
  appId: string;
  /** Epoch ms of the last attempt's failure. */
  at: number;
  attempts: number;
  /** The error's reason code (outcomeCodeOf), e.g. TRANSIENT. */
  code: string;
  /** The last error's text, already bounded and scrubbed. */
  message: string;
}

/**
 * The diagnostic of a job that failed for good on an error that retries (WeChat busy,
 * timeouts, 5xx, quota): kept as the account's last failure so `diagnose` and the
 * sync-state route show it like any other. Pure.
 */
export function retriesExhaustedDiagnostic(err: unknown, ctx: RetriesExhaustedContext): FailureDiagnostic {
  const detail: WeChatDetail = typeof err === 'object' && err !== null ? (err as WeChatDetail) : {};
  return {
    code: 'RETRIES_EXHAUSTED',
    summary: `Sync of account ${ctx.accountId} failed after ${ctx.attempts} attempts; the last one: ${ctx.code}: ${ctx.message}`,
    accountId: ctx.accountId,
    appId: ctx.appId,
    errcode: typeof detail.errcode === 'number' ? detail.errcode : null,
    errmsg: typeof detail.errmsg === 'string' ? detail.errmsg : null,
    ip: null,
    ipv6: null,
    rid: typeof detail.rid === 'string' ? detail.rid : null,
    endpoint: typeof detail.endpoint === 'string' ? detail.endpoint : null,
    field: null,
    at: new Date(ctx.at).toISOString(),
    remedy: [
      `Check what failed: npm run cli -- diagnose --account ${ctx.accountId} (WeChat reachable, token, quota, lock).`,
      `Run it again once that is fixed: npm run cli -- jobs retry --account ${ctx.accountId}, or sync --account ${ctx.accountId} --wait.`,
    ],
    blockedUntil: null,
  };
}
