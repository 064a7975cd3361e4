import type { Logger } from 'pino';
import type { SyncContext } from '../sync/sync-context.js';
import { emptyKindSummary } from '../sync/sync-context.js';
import { callWeChat } from '../sync/wechat-call.js';
import { WeChatError } from '../wechat/errors/index.js';
import { ApiQuotas, NO_QUOTA_ERRCODE } from './api-quotas.js';
import { apisOf } from './kind-apis.js';

/** A quota answer younger than this is fresh enough; the sync's own calls change it slowly. */
export const QUOTA_MAX_AGE_MS = 10 * 60_000;
/** A path WeChat answered 76021 for (it counts no quota for it) is asked again after this long. */
export const NO_QUOTA_MAX_AGE_MS = 24 * 60 * 60_000;

export interface RefreshQuotasOptions {
  maxAgeMs?: number;
  /** The account's quota hash as the job's start read it under the lock; absent: read here. */
  stored?: Record<string, string>;
}

/**
 * After a sync: asks `openapi/quota/get` for each API the account uses whose stored
 * answer is older than QUOTA_MAX_AGE_MS. Never fails the sync: a path WeChat has no
 * quota for (76021) is remembered as such for NO_QUOTA_MAX_AGE_MS (asking again after
 * every sync cost a WeChat call, a token read and a pacing slot per job), any other
 * refusal is logged and skipped.
 */
export async function refreshQuotas(
  ctx: SyncContext,
  quotas: ApiQuotas,
  log: Logger,
  opts: RefreshQuotasOptions = {},
): Promise<number> {
  const { accountId, appId } = ctx.account;
  const maxAgeMs = opts.maxAgeMs ?? QUOTA_MAX_AGE_MS;
  const now = (ctx.now ?? Date.now)();
  const stored = ApiQuotas.parse(opts.stored ?? (await quotas.raw(accountId)));
  const stale = apisOf(ctx.account.sync, ctx.account.push !== undefined).filter((path) => {
    const checkedAt = stored.checkedAt[path];
    if (checkedAt === undefined) return true;
    return checkedAt < now - (stored.quotas[path] ? maxAgeMs : NO_QUOTA_MAX_AGE_MS);
  });
  const calls = emptyKindSummary();
  let refreshed = 0;
  for (const path of stale) {
    try {
      const quota = await callWeChat(ctx, calls, (token) => ctx.client.getApiQuota(appId, token, path));
      await quotas.save(accountId, path, { ...quota, checkedAt: now });
      refreshed += 1;
    } catch (err) {
      if (!(err instanceof WeChatError)) throw err;
      if (err.errcode === NO_QUOTA_ERRCODE) await quotas.saveNoQuota(accountId, path, now);
      log.debug({ path, errcode: err.errcode }, 'quota not available for this API');
    }
  }
  return refreshed;
}
