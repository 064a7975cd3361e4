import { isIPv4, isIPv6 } from 'node:net';

/**
 * True when `host` only accepts connections from this machine: 127.0.0.0/8, ::1 (in any
 * spelling, also IPv4-mapped ::ffff:127.x.y.z) or localhost. The API refuses to start
 * without API_TOKEN on anything else.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (name === 'localhost') return true;
  if (isIPv4(name)) return name.startsWith('127.');
  const bare = name.replace(/^\[(.*)\]$/, '$1');
  if (!isIPv6(bare)) return false;
  // The WHATWG URL parser gives IPv6 literals their canonical form: 0:0::1 → ::1, ::ffff:127.0.0.1 → ::ffff:7f00:1.
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}
