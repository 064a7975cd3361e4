/**
 * The errcodes the simulator answers and their errmsg texts (wechat-api.md), each one
 * also held by the recorded-answers corpus (test/fixtures/wechat/, checked by the
 * contract test). WeChat appends ` rid: <rid>` to each; 40164 has its own shapes
 * (whitelist-message.ts); `{ip}` is the address WeChat saw.
 */
export const ERRMSG = {
  [-1]: 'system error',
  [-1000]: 'system error',
  // The recent text points to the stable-token API (wechat-api.md, "Other codes").
  40001:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  // 40032 is WeChat's code for an openid list of the wrong size (mass send, batchget).
  40032: 'invalid openid list size',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40243: 'AppSecret已被冻结，请登录MP解冻后再次调用。',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  42001: 'access_token expired',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit must slower retry next minute',
  45035: 'access clientip is not registered, not in ip-white-list',
  45106: 'This API has been unsupported',
  47001: 'data format error',
  48001: 'api unauthorized',
  48004: 'api forbidden for irregularities, more details at https://mmbizurl.cn/s/JtxxFh33r',
  50001: 'user unauthorized',
  50002: 'user limited',
  // Third-party platform (component) calls; 61004 is also the platform's whitelist.
  61003: 'component is not authorized by this account',
  61004: 'access clientip is not registered requestIP: {ip}',
  61005: 'component ticket is expired',
  61006: 'component ticket is invalid',
  61007: 'api is unauthorized to component',
  61009: 'code is invalid',
  61010: 'code is expired',
  61023: 'refresh_token is invalid',
  // freepublish/getarticle of an unknown article_id.
  53600: 'Article ID is invalid',
  // datacube: a malformed date, a range past the API's span or past yesterday.
  61500: 'date format error',
  61501: 'date range error',
  76021: 'cgi_path not found',
  // WeChat's global code table gives these in Chinese only.
  89501: '此IP正在等待管理员确认,请联系管理员',
  89502: '此IP调用需要管理员确认,请联系管理员',
  89503: '此次调用需要管理员确认,请耐心等候',
  89504: '正在等管理员确认,请耐心等待',
  89505: '正在等管理员确认,请稍后重试',
  89506: '24小时内该IP被管理员拒绝调用两次，24小时内不可再使用该IP调用',
  89507: '1小时内该IP被管理员拒绝调用一次，1小时内不可再使用该IP调用',
} as const;

export type SimErrcode = keyof typeof ERRMSG;

/** Every code of ERRMSG, numerically (for tests that go through them all). */
export const SIM_ERRCODES: readonly SimErrcode[] = Object.keys(ERRMSG)
  .map(Number)
  .sort((a, b) => a - b) as SimErrcode[];

export function isSimErrcode(code: number): code is SimErrcode {
  return Object.hasOwn(ERRMSG, code);
}

export interface ErrorBody {
  errcode: number;
  errmsg: string;
}

/** `ip` fills `{ip}` (61004); the loopback default only shows where a caller forgot it. */
export function errorBody(errcode: SimErrcode, rid: string, ip = '127.0.0.1'): ErrorBody {
  return { errcode, errmsg: `${ERRMSG[errcode].replace('{ip}', ip)} rid: ${rid}` };
}
