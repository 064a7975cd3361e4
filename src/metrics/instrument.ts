import type { TokenSource } from '../token/token-source.js';
import { WeChatError } from '../wechat/errors/index.js';
import type { CallObserver } from '../wechat/wechat-http.js';
import type { Metrics } from './metrics.js';
import { outcomeCodeOf } from './outcome-code.js';

/** Counts every token call by outcome and errcode (the token success-rate alert reads it). */
export function instrumentTokenSource(
  source: TokenSource,
  metrics: Pick<Metrics, 'tokenFetch'>,
): TokenSource {
  return {
    async fetch(app, forceRefresh) {
      try {
        const issued = await source.fetch(app, forceRefresh);
        metrics.tokenFetch(true, null);
        return issued;
      } catch (err) {
        metrics.tokenFetch(false, err instanceof WeChatError ? err.errcode : null);
        throw err;
      }
    },
  };
}

/** Feeds the WeChat client's per-call outcomes into the calls counter. */
export function wechatCallObserver(metrics: Pick<Metrics, 'wechatCall'>): CallObserver {
  return (endpoint, outcome) =>
    metrics.wechatCall(endpoint, outcome === 'ok' ? 'ok' : outcomeCodeOf(outcome.error));
}
