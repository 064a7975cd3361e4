import { setTimeout as delay } from 'node:timers/promises';

/** A call to a WeChat endpoint, as the handlers see it (the HTTP layer builds it). */
export interface SimRequest {
  /** Path without query string, e.g. `/cgi-bin/user/get`. */
  path: string;
  query: URLSearchParams;
  rawBody: string;
  /** The caller's address as the socket reports it, `::ffff:` stripped. */
  socketIp: string;
  /** Aborted when the simulator closes, so slow answers do not hold it open. */
  signal: AbortSignal;
}

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; errcode: 44002 | 47001 };

/** WeChat answers 44002 to an empty POST and 47001 to one that is not a JSON object. */
export function parseJsonBody(raw: string): BodyResult {
  if (raw.trim() === '') return { ok: false, errcode: 44002 };
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, errcode: 47001 };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, errcode: 47001 };
  }
}

/** Waits `ms`; resolves early (without throwing) when the simulator shuts down. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

export function stripMappedPrefix(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
