/** Reported IPs older than this say nothing about today's egress. */
export const SPLIT_EGRESS_WINDOW_MS = 86_400_000;

export interface ReportedIp {
  accountId: string;
  /** The IP WeChat last reported for the account (a 40164), or null. */
  ip: string | null;
  /** When it was reported, epoch ms. */
  at: number | null;
}

export interface SplitEgress {
  /** Each IP WeChat reported lately, with the accounts that saw it. */
  ips: Array<{ ip: string; accounts: string[] }>;
  remedy: string[];
}

/**
 * Pure: several accounts of one deployment told different egress IPs by WeChat in the
 * last day means the deployment leaves through more than one address (several hosts, a
 * NAT pool, two uplinks): the usual cause of "whitelisted but still 40164". Null when
 * WeChat reported at most one IP.
 */
export function findSplitEgress(reports: readonly ReportedIp[], now: number): SplitEgress | null {
  const byIp = new Map<string, string[]>();
  for (const r of reports) {
    if (r.ip === null || r.at === null || now - r.at > SPLIT_EGRESS_WINDOW_MS) continue;
    byIp.set(r.ip, [...(byIp.get(r.ip) ?? []), r.accountId]);
  }
  if (byIp.size < 2) return null;
  const ips = [...byIp].map(([ip, accounts]) => ({ ip, accounts })).sort((a, b) => a.ip.localeCompare(b.ip));
  return {
    ips,
    remedy: [
      `WeChat saw this deployment's calls come from ${ips.length} different IPs (${ips.map((i) => i.ip).join(', ')}): it leaves through more than one address (several worker hosts, a NAT pool, two uplinks).`,
      'Whitelist every one of these IPs on every account, or send all WeChat traffic through one forward proxy (WECHAT_PROXY_URL) and whitelist only the proxy.',
    ],
  };
}
