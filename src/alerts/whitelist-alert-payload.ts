import type { FailureDiagnostic } from '../failures/index.js';

/**
 * The webhook body: the diagnostic's public fields (WeChat's words, the IP, the rid, the
 * remedy) and a `text` line for chat hooks that show only that. No secret or token can be
 * in it: a FailureDiagnostic never holds one.
 */
export function whitelistAlertPayload(d: FailureDiagnostic): Record<string, unknown> {
  const ip = d.ip ?? 'an unknown IP';
  return {
    event: 'wechat_whitelist_fault',
    text: `wechat-sync: account ${d.accountId} refused by WeChat: egress IP ${ip} is not on its IP whitelist (rid ${d.rid ?? 'n/a'}). ${d.remedy[0] ?? ''}`.trim(),
    accountId: d.accountId,
    appId: d.appId,
    ip: d.ip,
    ipv6: d.ipv6,
    rid: d.rid,
    errcode: d.errcode,
    errmsg: d.errmsg,
    summary: d.summary,
    remedy: d.remedy,
    at: d.at,
    blockedUntil: d.blockedUntil,
  };
}
