import { randomBytes } from 'node:crypto';

/**
 * `/cgi-bin/token` and `/cgi-bin/stable_token` tokens are separate families (wechat-api.md);
 * so are a platform's component_access_token and the authorizer_access_token a platform
 * gets for an account (platform-state.ts).
 */
export type TokenFamily = 'token' | 'stable' | 'component' | 'authorizer';

export interface TokenRecord {
  readonly family: TokenFamily;
  readonly issuedAt: number;
  /** Natural expiry (sim epoch ms); after it the token answers 42001. */
  expiresAt: number;
  /** Superseded or revoked: stops working at this time and then answers 40001. */
  supersededUntil: number | null;
  /** The component AppID of the platform that got this token for the app (authorizer tokens). */
  readonly issuer?: string;
}

export type TokenCheck = { ok: true } | { ok: false; errcode: 40001 | 42001 };

export interface TokenBookHooks {
  onIssue?(token: string): void;
  onForget?(token: string): void;
}

/** Records kept after a token stopped working, so it still answers 42001/40001 rather than "unknown". */
const KEEP_DEAD_MS = 86_400_000;
const MIN_PRUNE_AT = 64;

/**
 * Real tokens look like `86_` + ~150 characters of [A-Za-z0-9_-] (up to 512 allowed),
 * so clients that cap lengths or log prefixes meet realistic values.
 */
export function mintToken(): string {
  return `86_${randomBytes(113).toString('base64url')}`;
}

/** Every token one app has been given, and which one of each family is current. */
export class TokenBook {
  readonly #records = new Map<string, TokenRecord>();
  readonly #current: Record<TokenFamily, string | null> = {
    token: null,
    stable: null,
    component: null,
    authorizer: null,
  };
  /** Size that triggers the next prune; doubles with what survives, so pruning stays amortised O(1). */
  #pruneAt = MIN_PRUNE_AT;

  constructor(
    private readonly hooks: TokenBookHooks = {},
    private readonly mint: () => string = mintToken,
  ) {}

  issue(
    family: TokenFamily,
    now: number,
    ttlMs: number,
    issuer?: string,
  ): { token: string; record: TokenRecord } {
    if (this.#records.size >= this.#pruneAt) this.prune(now);
    const token = this.mint();
    const record: TokenRecord = {
      family,
      issuedAt: now,
      expiresAt: now + ttlMs,
      supersededUntil: null,
      ...(issuer !== undefined ? { issuer } : {}),
    };
    this.#records.set(token, record);
    this.#current[family] = token;
    this.hooks.onIssue?.(token);
    return { token, record };
  }

  /** The family's latest token while it still works, else null. */
  current(family: TokenFamily, now: number): { token: string; record: TokenRecord } | null {
    const token = this.#current[family];
    const record = token === null ? undefined : this.#records.get(token);
    if (token === null || record === undefined || !isValid(record, now)) return null;
    return { token, record };
  }

  get(token: string): TokenRecord | undefined {
    return this.#records.get(token);
  }

  check(token: string, now: number): TokenCheck {
    const record = this.#records.get(token);
    if (record === undefined) return { ok: false, errcode: 40001 };
    if (isValid(record, now)) return { ok: true };
    const superseded = record.supersededUntil !== null && record.supersededUntil < record.expiresAt;
    return { ok: false, errcode: superseded ? 40001 : 42001 };
  }

  /**
   * Makes every working token of `family` (or of all) stop at `until` (never extends a
   * life); with `issuer`, only the tokens that platform got.
   */
  supersede(family: TokenFamily | 'all', now: number, until: number, issuer?: string): void {
    for (const record of this.#records.values()) {
      if (family !== 'all' && record.family !== family) continue;
      if (issuer !== undefined && record.issuer !== issuer) continue;
      if (!isValid(record, now)) continue;
      record.supersededUntil = Math.min(record.supersededUntil ?? Number.POSITIVE_INFINITY, until);
    }
  }

  /** "Expired early": the token answers 42001 from now on. */
  expire(token: string, now: number): void {
    const record = this.#records.get(token);
    if (record !== undefined && record.expiresAt > now) record.expiresAt = now;
  }

  expireAll(now: number): void {
    for (const token of this.#records.keys()) this.expire(token, now);
  }

  forgetAll(): void {
    for (const token of this.#records.keys()) this.hooks.onForget?.(token);
    this.#records.clear();
    for (const family of Object.keys(this.#current) as TokenFamily[]) this.#current[family] = null;
  }

  get size(): number {
    return this.#records.size;
  }

  private prune(now: number): void {
    for (const [token, record] of this.#records) {
      if (invalidAt(record) + KEEP_DEAD_MS > now || this.#current[record.family] === token) continue;
      this.#records.delete(token);
      this.hooks.onForget?.(token);
    }
    this.#pruneAt = Math.max(MIN_PRUNE_AT, this.#records.size * 2);
  }
}

function invalidAt(record: TokenRecord): number {
  return Math.min(record.expiresAt, record.supersededUntil ?? Number.POSITIVE_INFINITY);
}

function isValid(record: TokenRecord, now: number): boolean {
  return now < invalidAt(record);
}
