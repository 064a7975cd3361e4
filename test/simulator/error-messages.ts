/**
 * The errcodes the simulator answers and their errmsg texts (wechat-api.md). WeChat
 * appends ` rid: <rid>` to each; 40164 has its own shapes (whitelist-message.ts).
 */
export const ERRMSG = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40004: 'invalid media type',
  40013: 'invalid appid',
  // 40032 is WeChat's code for an openid list of the wrong size (mass send, batchget).
  40032: 'invalid openid list size',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  42001: 'access_token expired',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit must slower retry next minute',
  47001: 'data format error',
  // freepublish/getarticle of an unknown article_id.
  53600: 'Article ID is invalid',
  // datacube: a malformed date, a range past the API's span or past yesterday.
  61500: 'date format error',
  61501: 'date range error',
  76021: 'cgi_path not found',
} as const;

export type SimErrcode = keyof typeof ERRMSG;

export interface ErrorBody {
  errcode: number;
  errmsg: string;
}

export function errorBody(errcode: SimErrcode, rid: string): ErrorBody {
  return { errcode, errmsg: `${ERRMSG[errcode]} rid: ${rid}` };
}
