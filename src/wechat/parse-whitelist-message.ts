import { isIPv4, isIPv6 } from 'node:net';
import { parseRid } from './parse-rid.js';

/** What a whitelist-family errmsg (40164, 61004, 45035) says about the refused caller. Every field is null when absent or implausible. */
export interface WhitelistMessage {
  /** The IPv4 address WeChat saw. */
  ip: string | null;
  /** The IPv6 form WeChat printed (so far always IPv4-mapped, `::ffff:a.b.c.d`). */
  ipv6: string | null;
  rid: string | null;
  /** The `hint: [...]` id of older answers. */
  hint: string | null;
}

// Each part is matched on its own rather than with one pattern for the whole message:
// wechat-api.md lists seven 40164 shapes (ipv6 part or not, comma before rid or not,
// hint and/or rid or neither, no IP at all), 61004 prints `requestIP: X` (also after
// `tips:`), and WeChat changes the wording without notice. Every pattern is linear and
// the errmsg is capped before it gets here (classify-answer.ts).
const IP_PATTERNS = [/\binvalid\s+ip\s+([^\s,]+)/i, /\brequest\s*ip\s*[:=]?\s*([^\s,;]+)/i];
const IPV6 = /\bipv6\s+([^\s,]+)/i;
const HINT = /\bhint\s*:\s*\[\s*([A-Za-z0-9_.!-]{1,64})\s*\]/;
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Parses a whitelist-family errmsg (`invalid ip A.B.C.D ipv6 ::ffff:A.B.C.D, not in whitelist rid: R`, `… requestIP: A.B.C.D rid: R`). Never throws. */
export function parseWhitelistMessage(errmsg: string): WhitelistMessage {
  const text = typeof errmsg === 'string' ? errmsg : '';
  const ipv6 = validIpv6(IPV6.exec(text)?.[1]);
  return {
    ip: statedIpv4(text) ?? ipv4FromMapped(ipv6),
    ipv6,
    rid: parseRid(text),
    hint: HINT.exec(text)?.[1] ?? null,
  };
}

function statedIpv4(text: string): string | null {
  for (const pattern of IP_PATTERNS) {
    const ip = validIpv4(pattern.exec(text)?.[1]);
    if (ip) return ip;
  }
  return null;
}

function validIpv4(candidate: string | undefined): string | null {
  return candidate && isIPv4(candidate) ? candidate : null;
}

function validIpv6(candidate: string | undefined): string | null {
  return candidate && isIPv6(candidate) ? candidate.toLowerCase() : null;
}

/** The whitelist takes IPv4 addresses, so a message naming only the mapped form still tells the operator which one. */
function ipv4FromMapped(ipv6: string | null): string | null {
  return validIpv4(ipv6 ? MAPPED_IPV4.exec(ipv6)?.[1] : undefined);
}
