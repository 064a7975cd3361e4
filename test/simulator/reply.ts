import { type ErrorBody, errorBody, type SimErrcode } from './error-messages.js';

/** What WeChat's gateway sends for JSON answers, errors included (always HTTP 200). */
export const WECHAT_JSON_TYPE = 'application/json; encoding=utf-8';

/** An answer the HTTP layer writes: a JSON body, raw bytes, or a torn connection. */
export type Reply =
  | { kind: 'json'; status: number; body: object }
  | {
      kind: 'raw';
      status: number;
      contentType: string;
      body: string;
      /** How `errorsByCode` counts it (`http502`, `html`, `malformed`). */
      statsKey: string;
    }
  | { kind: 'reset' };

export function jsonReply(body: object): Reply {
  return { kind: 'json', status: 200, body };
}

export function errorReply(errcode: SimErrcode, rid: string): Reply {
  return jsonReply(errorBody(errcode, rid));
}

/** The `errorsByCode` key of a reply, or null for a success. */
export function statsKeyOf(reply: Reply): string | null {
  if (reply.kind === 'reset') return 'reset';
  if (reply.kind === 'raw') return reply.statsKey;
  const { errcode } = reply.body as Partial<ErrorBody>;
  return typeof errcode === 'number' && errcode !== 0 ? String(errcode) : null;
}
