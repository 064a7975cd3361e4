import { TransientError, type WeChatError } from '../wechat/errors/index.js';

/** Socket errors that can only come from reaching the proxy itself: every connection goes to it. */
const UNREACHABLE =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b|Bad response: \d{3}|Proxy timeout/;

/**
 * A request error on the proxied path, restated so an operator looks at the proxy, not
 * at WeChat or the whitelist: a proxy that is down, refuses the tunnel (hpagent's
 * `Bad response: 407/502`) or times out stays a TransientError (retried with backoff),
 * its message naming the proxy. WeChat's own answers pass through unchanged.
 */
export function proxyFailure(err: WeChatError, origin: string): WeChatError {
  if (!(err instanceof TransientError) || (err.kind !== 'network' && err.kind !== 'timeout')) return err;
  const what = UNREACHABLE.test(err.errmsg)
    ? `the proxy ${origin} (WECHAT_PROXY_URL) is unreachable or refused the tunnel`
    : `through the proxy ${origin} (WECHAT_PROXY_URL)`;
  return new TransientError({
    errcode: null,
    errmsg: `${what}: ${err.errmsg}`,
    rid: null,
    appId: err.appId,
    endpoint: err.endpoint,
    kind: err.kind,
  });
}
