import type { Sensitive } from './sensitive.js';

/**
 * A WeChat third-party platform (第三方平台, "component") as configured: its accounts
 * authorise it once, and it then gets their tokens. Secrets resolved and wrapped.
 */
export interface Platform {
  /** Same rule as accountId: part of Redis keys and routes. */
  platformId: string;
  name?: string;
  /** The component AppID, `wx` + 16 hex characters. */
  componentAppId: string;
  componentAppSecret: Sensitive;
  /** The message-check Token of the authorisation-event URL (消息校验Token). */
  token: Sensitive;
  /** The 43-character message encryption key (消息加解密Key); platform pushes are always encrypted. */
  encodingAESKey: Sensitive;
}
