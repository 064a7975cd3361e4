import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 40164, 61004, 45035: "this IP may not call". WeChat has three codes (and several
 * texts) for one fault with one fix, the account's API IP whitelist (wechat-api.md).
 */
export class IpNotWhitelistedError extends WeChatError {
  override readonly name = 'IpNotWhitelistedError' as const;
  readonly retry = 'never' as const;
  readonly code = 'IP_NOT_WHITELISTED' as const;
  /** The IPv4 address WeChat saw, or null when the message did not name one. */
  readonly ip: string | null;
  /** The IPv6 form WeChat printed (usually IPv4-mapped, `::ffff:a.b.c.d`), or null. */
  readonly ipv6: string | null;
  /** The `hint: [...]` id of older answers (what WeChat support asked for before rids), or null. */
  readonly hint: string | null;

  constructor(data: WeChatErrorData & { ip: string | null; ipv6: string | null; hint?: string | null }) {
    super(
      `WeChat refused ${data.appId}: IP ${data.ip ?? '(not stated)'} is not in the API IP whitelist`,
      data,
    );
    this.ip = data.ip;
    this.ipv6 = data.ipv6;
    this.hint = data.hint ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, ip: this.ip, ipv6: this.ipv6, hint: this.hint };
  }
}
