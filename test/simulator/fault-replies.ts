import type { FaultKind } from './config.js';
import { errorReply, type Reply, WECHAT_JSON_TYPE } from './reply.js';

/** What nginx in front of WeChat sends when the backend is down. */
const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
  '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** A captive portal / error page answering 200 with HTML where JSON was expected. */
const ERROR_PAGE_HTML =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>出错了</title></head>' +
  '<body><h2>系统繁忙，请稍后再试</h2><p>The system is busy, please try again later.</p></body></html>\n';

/** A body cut off mid-way, as when a proxy drops the end of the response. */
const TRUNCATED_JSON = '{"errcode":0,"errmsg":"ok","item":[{"article_id":"';

/**
 * The answer a fault gives instead of the normal one. `slow`, `pause` and
 * `token-expired` are not answers of their own (the caller delays, holds the call, or
 * expires the presented token).
 */
export function faultReply(
  kind: Exclude<FaultKind, 'slow' | 'pause' | 'token-expired' | 'errcode'>,
  rid: string,
): Reply {
  switch (kind) {
    case 'busy':
      return errorReply(-1, rid);
    case 'quota-daily':
      return errorReply(45009, rid);
    case 'quota-minute':
      return errorReply(45011, rid);
    case 'http5xx':
      return {
        kind: 'raw',
        status: 502,
        contentType: 'text/html',
        body: BAD_GATEWAY_HTML,
        statsKey: 'http502',
      };
    case 'html':
      return {
        kind: 'raw',
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: ERROR_PAGE_HTML,
        statsKey: 'html',
      };
    case 'malformed':
      return {
        kind: 'raw',
        status: 200,
        contentType: WECHAT_JSON_TYPE,
        body: TRUNCATED_JSON,
        statsKey: 'malformed',
      };
    case 'reset':
      return { kind: 'reset' };
  }
}
