/**
 * The 40164 errmsg shapes seen in the wild (numbering of wechat-api.md, "IP whitelist").
 * Clients must parse every one, so the simulator can answer in any of them.
 */
export type IpErrorShape = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const IP_ERROR_SHAPES: readonly IpErrorShape[] = [1, 2, 3, 4, 5, 6, 7];

export interface WhitelistMessageInput {
  shape: IpErrorShape;
  /** The address WeChat saw, as printed after `invalid ip`. */
  ip: string;
  rid: string;
  /** The 14 characters inside `hint: [...]`. */
  hint: string;
}

/**
 * WeChat prints the IPv4-mapped IPv6 form next to the IPv4 address. No sample from a
 * native IPv6 caller is known, so such an address is printed as itself.
 */
export function ipv6Form(ip: string): string {
  return ip.includes(':') ? ip : `::ffff:${ip}`;
}

export function whitelistMessage({ shape, ip, rid, hint }: WhitelistMessageInput): string {
  const withV6 = `invalid ip ${ip} ipv6 ${ipv6Form(ip)}, not in whitelist`;
  switch (shape) {
    case 1:
      return `${withV6} rid: ${rid}`;
    case 2:
      return `${withV6}, rid: ${rid}`;
    case 3:
      return `${withV6} hint: [${hint}]`;
    case 4:
      return `${withV6} hint: [${hint}] rid: ${rid}`;
    case 5:
      return `invalid ip ${ip}, not in whitelist hint: [${hint}]`;
    case 6:
      return `invalid ip, not in whitelist hint: [${hint}]`;
    case 7:
      return `invalid ip ${ip}, not in whitelist`;
  }
}
