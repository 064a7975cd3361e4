import { isIP } from 'node:net';
import { Sensitive } from './sensitive.js';

/** A parsed value, or what is wrong with the raw text (never echoing a secret). */
export type Parsed<T> = { value: T } | { problem: string };

/** Turns one environment variable's raw text into a typed value. */
export type EnvParser<T> = (raw: string) => Parsed<T>;

const quote = (raw: string): string => JSON.stringify(raw);

/**
 * Integers only in plain decimal: `1e3`, `0x10` or `8084 ` would be accepted by Number()
 * and hide a typo. Callers cap durations at 2^31-1 ms because Node turns a larger
 * setTimeout delay into 1 ms.
 */
export function integer(min: number, max: number): EnvParser<number> {
  return (raw) => {
    const value = /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return { value };
    return { problem: `must be an integer between ${min} and ${max}, got ${quote(raw)}` };
  };
}

export function oneOf<const T extends string>(allowed: readonly T[]): EnvParser<T> {
  return (raw) =>
    (allowed as readonly string[]).includes(raw)
      ? { value: raw as T }
      : { problem: `must be one of ${allowed.join(', ')}, got ${quote(raw)}` };
}

export function nonEmpty(raw: string): Parsed<string> {
  return raw.trim() === '' ? { problem: 'must not be blank' } : { value: raw };
}

/** The value is never echoed: a Redis URL may carry a password. */
export function redisUrl(raw: string): Parsed<string> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null)
    return { problem: 'must be a redis:// or rediss:// URL (value not shown: it may hold a password)' };
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return { problem: `must be a redis:// or rediss:// URL, got scheme ${quote(url.protocol)}` };
  }
  if (url.hostname === '') return { problem: 'must name a host, e.g. redis://127.0.0.1:6379' };
  return { value: raw };
}

/**
 * The PostgreSQL store's URL (`postgres://user:password@host:5432/db`). The value is never
 * echoed: it may carry a password. Only the scheme is checked here; `pg` reads the rest
 * (including `?sslmode=` and `?options=`), and a bad host or database stops the store at start.
 */
export function storeUrl(raw: string): Parsed<string> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null) {
    return {
      problem: 'must be a postgres:// or postgresql:// URL (value not shown: it may hold a password)',
    };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return { problem: `must be a postgres:// or postgresql:// URL, got scheme ${quote(url.protocol)}` };
  }
  if (url.hostname === '') return { problem: 'must name a host, e.g. postgres://127.0.0.1:5432/wechat' };
  return { value: raw };
}

/** Endpoint paths are appended to this base, so it keeps no trailing slash, query or fragment. */
export function httpBaseUrl(raw: string): Parsed<string> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { problem: `must be an http:// or https:// URL, got ${quote(raw)}` };
  }
  if (url.username !== '' || url.password !== '') return { problem: 'must not contain credentials' };
  if (url.search !== '' || url.hash !== '') {
    return { problem: `must not have a query string or fragment, got ${quote(raw)}` };
  }
  return { value: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An alert webhook: http(s), and kept as a Sensitive because such URLs usually carry
 * their credential in the path or query string (`?access_token=…`).
 */
export function webhookUrl(raw: string): Parsed<Sensitive> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { problem: 'must be an http:// or https:// URL' };
  }
  return { value: new Sensitive(url.href) };
}

/**
 * WECHAT_PROXY_URL: an HTTP(S) forward proxy, `http://proxy.internal:3128` or with
 * credentials `http://user:password@proxy:3128`; kept as a Sensitive for those. The value
 * is never echoed.
 */
export function proxyUrl(raw: string): Parsed<Sensitive> {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { problem: 'must be an http:// or https:// proxy URL (value not shown: it may hold a password)' };
  }
  if (url.hostname === '') return { problem: 'must name a host, e.g. http://proxy.internal:3128' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return { problem: 'must be only scheme, host and port (and credentials), with no path or query' };
  }
  return { value: new Sensitive(url.href) };
}

export function host(raw: string): Parsed<string> {
  return isIP(raw) !== 0 || HOSTNAME.test(raw)
    ? { value: raw }
    : { problem: `must be a hostname or IP address, got ${quote(raw)}` };
}

export const API_TOKEN_MIN_LENGTH = 16;

/** Only the length is reported, never the value. */
export function apiToken(raw: string): Parsed<Sensitive> {
  if (raw.length < API_TOKEN_MIN_LENGTH) {
    return { problem: `must be at least ${API_TOKEN_MIN_LENGTH} characters when set (got ${raw.length})` };
  }
  // A stray space or newline (pasted from a file) would make every bearer check fail later.
  if (/\s/.test(raw)) return { problem: 'must not contain whitespace' };
  return { value: new Sensitive(raw) };
}

/** RFC 7617: a basic-auth user-id cannot contain a colon. */
export function boardUser(raw: string): Parsed<string> {
  return raw.includes(':') ? { problem: 'must not contain ":"' } : { value: raw };
}

export function boardPassword(raw: string): Parsed<Sensitive> {
  return { value: new Sensitive(raw) };
}

/**
 * BullMQ puts the prefix in front of every key. On Redis Cluster a `{tag}` keeps one
 * queue in one hash slot; an empty or unbalanced brace would silently hash whole keys
 * and fail with CROSSSLOT errors only under load.
 */
export function queuePrefix(raw: string): Parsed<string> {
  if (/\s/.test(raw)) return { problem: `must not contain whitespace, got ${quote(raw)}` };
  if (/[{}]/.test(raw) && !/^[^{}]*\{[^{}]+\}[^{}]*$/.test(raw)) {
    return { problem: `braces must enclose one non-empty hash tag like {wechat}, got ${quote(raw)}` };
  }
  return { value: raw };
}

export function logPretty(raw: string): Parsed<'auto' | boolean> {
  if (raw === 'auto') return { value: 'auto' };
  if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
  return { problem: `must be one of auto, true, false, got ${quote(raw)}` };
}

/** One `host:port` of REDIS_CLUSTER_NODES (an IPv6 host in brackets: `[::1]:7000`). */
export interface ClusterNodeAddress {
  host: string;
  port: number;
}

/**
 * REDIS_CLUSTER_NODES: comma-separated `host:port` seed nodes of a Redis Cluster (a few
 * suffice, the client discovers the rest). Credentials and TLS come from REDIS_URL.
 */
export function clusterNodes(raw: string): Parsed<ClusterNodeAddress[]> {
  const nodes: ClusterNodeAddress[] = [];
  for (const entry of raw.split(',').map((part) => part.trim())) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@[\]]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match?.[1] || port < 1 || port > 65535) {
      return { problem: `must be comma-separated host:port entries, got ${quote(entry)}` };
    }
    nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port });
  }
  return { value: nodes };
}
