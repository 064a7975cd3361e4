import type { AccessToken } from '../wechat/access-token.js';
import type { KindSummary, SyncContext } from './sync-context.js';

/**
 * One WeChat data call of a sync: checks the lease, takes the app's pacing slot and
 * counts the call, both on the first try and on the one retry withToken makes after a
 * token refresh (40001/42001/40014), so the summary's count matches what WeChat saw.
 *
 * The first slot is asked for while the token is read, not after: the two are one Redis
 * round trip instead of two (both keys carry the app's hash tag, on a Cluster they are two
 * commands in flight together). A slot is never used early; when a token refresh makes
 * the call later than its slot, the call goes at once, as pacing only ever holds calls back.
 */
export function callWeChat<T>(
  ctx: SyncContext,
  summary: KindSummary,
  fn: (token: AccessToken) => Promise<T>,
): Promise<T> {
  const { account, tokens, signal, pacer } = ctx;
  // Before withToken too: an aborted run should not even refresh a token.
  signal.throwIfAborted();
  let firstSlot: Promise<void> | undefined = pacer?.take(account.appId, signal);
  // Awaited below; until then a rejection (Redis down, aborted wait) must not go unhandled.
  firstSlot?.catch(() => undefined);
  return tokens.withToken(account, async (token) => {
    const slot = firstSlot ?? pacer?.take(account.appId, signal);
    firstSlot = undefined;
    signal.throwIfAborted();
    await slot;
    signal.throwIfAborted();
    summary.wechatCalls += 1;
    return fn(token);
  });
}
