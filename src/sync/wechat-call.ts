import type { AccessToken } from '../wechat/access-token.js';
import type { KindSummary, SyncContext } from './sync-context.js';

/**
 * One WeChat data call of a sync: checks the lease, takes the app's pacing slot and
 * counts the call, both on the first try and on the one retry withToken makes after a
 * token refresh (40001/42001/40014), so the summary's count matches what WeChat saw.
 */
export function callWeChat<T>(
  ctx: SyncContext,
  summary: KindSummary,
  fn: (token: AccessToken) => Promise<T>,
): Promise<T> {
  const { account, tokens, signal } = ctx;
  // Before withToken too: an aborted run should not even refresh a token.
  signal.throwIfAborted();
  return tokens.withToken(account, async (token) => {
    signal.throwIfAborted();
    await ctx.pacer?.take(account.appId, signal);
    signal.throwIfAborted();
    summary.wechatCalls += 1;
    return fn(token);
  });
}
