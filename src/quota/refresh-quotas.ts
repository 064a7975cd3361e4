import type { Logger } from 'pino';
import type { SyncContext } from '../sync/sync-context.js';
import { emptyKindSummary } from '../sync/sync-context.js';
import { callWeChat } from '../sync/wechat-call.js';
import { WeChatError } from '../wechat/errors/index.js';
import type { ApiQuotas } from './api-quotas.js';
import { apisOf } from './kind-apis.js';

/** A quota answer younger than this is fresh enough; the sync's own calls change it slowly. */
export const QUOTA_MAX_AGE_MS = 10 * 60_000;

/**
 * After a sync: asks `openapi/quota/get` for each API the account uses whose stored
 * answer is older than QUOTA_MAX_AGE_MS. Never fails the sync: a path WeChat has no
 * quota for (76021) or any other refusal is logged and skipped.
 */
export async function refreshQuotas(
  ctx: SyncContext,
  quotas: ApiQuotas,
  log: Logger,
  maxAgeMs = QUOTA_MAX_AGE_MS,
): Promise<number> {
  const { accountId, appId } = ctx.account;
  const now = (ctx.now ?? Date.now)();
  const stored = await quotas.all(accountId);
  const stale = apisOf(ctx.account.sync, ctx.account.push !== undefined).filter(
    (path) => (stored[path]?.checkedAt ?? 0) < now - maxAgeMs,
  );
  const calls = emptyKindSummary();
  let refreshed = 0;
  for (const path of stale) {
    try {
      const quota = await callWeChat(ctx, calls, (token) => ctx.client.getApiQuota(appId, token, path));
      await quotas.save(accountId, path, { ...quota, checkedAt: now });
      refreshed += 1;
    } catch (err) {
      if (!(err instanceof WeChatError)) throw err;
      log.debug({ path, errcode: err.errcode }, 'quota not available for this API');
    }
  }
  return refreshed;
}
