import { randomBytes } from 'node:crypto';
import { FaultList } from './faults.js';
import type { PlatformConfigInput } from './platform-config.js';
import { TokenBook, type TokenBookHooks } from './token-book.js';

/*
 * Pure state of one simulated third-party platform (component): its tickets, tokens,
 * pre-auth and auth codes and the accounts that authorised it. Every method takes the
 * sim-clock time; nothing here does I/O (platform-apis.ts answers WeChat calls,
 * platform-control.ts pushes and approves).
 */

const HOUR_MS = 3_600_000;
/** WeChat: a ticket is valid 12 h; pushed every 10 minutes. */
export const TICKET_TTL_MS = 12 * HOUR_MS;
export const PRE_AUTH_CODE_TTL_SEC = 1800;
export const AUTH_CODE_TTL_SEC = 600;
const DEFAULT_TOKEN_TTL_SEC = 7200;
/** Permission sets an approval grants when the test names none. */
export const DEFAULT_FUNC_IDS: readonly number[] = [1, 15];

export interface ResolvedPlatformConfig {
  secret: string;
  token: string;
  encodingAESKey: string;
  eventUrl: string | null;
  name: string;
  whitelist: readonly string[] | null;
  egressIp: string | null;
  componentTokenTtlMs: number;
  authorizerTokenTtlMs: number;
  ticketTtlMs: number;
  componentTokenReuse: boolean;
  rotateRefreshToken: boolean;
  authCodeReusable: boolean;
}

export function resolvePlatformConfig(id: string, input: PlatformConfigInput): ResolvedPlatformConfig {
  return {
    secret: input.secret,
    token: input.token,
    encodingAESKey: input.encodingAESKey,
    eventUrl: input.eventUrl ?? null,
    name: input.name ?? `Platform ${id}`,
    whitelist: input.whitelist ?? null,
    egressIp: input.egressIp ?? null,
    componentTokenTtlMs: (input.componentTokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC) * 1000,
    authorizerTokenTtlMs: (input.authorizerTokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC) * 1000,
    ticketTtlMs: (input.ticketTtlSec ?? TICKET_TTL_MS / 1000) * 1000,
    componentTokenReuse: input.componentTokenReuse ?? false,
    rotateRefreshToken: input.rotateRefreshToken ?? false,
    authCodeReusable: input.authCodeReusable ?? false,
  };
}

/** Where the authorisation page sends the administrator's browser, as the link said. */
export interface PageVisit {
  redirectUri: string;
  authType: number;
  bizAppId: string | null;
}

interface PreAuthCode {
  expiresAt: number;
  used: boolean;
  visit: PageVisit | null;
}

interface AuthCode {
  authorizerAppId: string;
  expiresAt: number;
  used: boolean;
}

export interface Authorization {
  authorizerAppId: string;
  refreshToken: string;
  funcIds: number[];
  /** Unix seconds of the (last) approval. */
  authTime: number;
  state: 'authorized' | 'revoked';
  /** Sim epoch ms of the revocation. */
  revokedAt: number | null;
}

/** What the simulator saw of one platform (`GET /__sim/platforms/:id/stats`). */
export interface PlatformStats {
  /** api_component_token calls answered in any way. */
  componentTokenCalls: number;
  /** api_component_token calls that issued a NEW token. */
  componentTokensIssued: number;
  authorizerTokenCalls: number;
  /** api_authorizer_token and api_query_auth tokens issued, per authorizer AppID. */
  authorizerTokensIssued: Record<string, number>;
  callsByEndpoint: Record<string, number>;
  errorsByCode: Record<string, number>;
  /** Pushes sent (each with its retries counted once), by InfoType. */
  pushes: Record<string, number>;
}

function emptyStats(): PlatformStats {
  return {
    componentTokenCalls: 0,
    componentTokensIssued: 0,
    authorizerTokenCalls: 0,
    authorizerTokensIssued: {},
    callsByEndpoint: {},
    errorsByCode: {},
    pushes: {},
  };
}

/** An approval the simulator refuses (as WeChat's page would): the control route answers 409. */
export class ApprovalError extends Error {
  override readonly name = 'ApprovalError' as const;
}

export type TicketCheck = { ok: true } | { ok: false; errcode: 61005 | 61006 };
export type AuthCodeExchange =
  | { ok: true; authorization: Authorization }
  | { ok: false; errcode: 61009 | 61010 };
export type RefreshCheck = { ok: true; refreshToken: string } | { ok: false; errcode: 61003 | 61023 };

const minted = (prefix: string, bytes: number) => `${prefix}@@@${randomBytes(bytes).toString('base64url')}`;

export class PlatformState {
  readonly componentTokens: TokenBook;
  readonly faults = new FaultList();
  #config: ResolvedPlatformConfig;
  #input: PlatformConfigInput;
  #stats: PlatformStats = emptyStats();
  /** ticket → the sim time it stops being accepted. */
  readonly #tickets = new Map<string, number>();
  readonly #preAuthCodes = new Map<string, PreAuthCode>();
  readonly #authCodes = new Map<string, AuthCode>();
  readonly #authorizations = new Map<string, Authorization>();

  constructor(
    readonly componentAppId: string,
    input: PlatformConfigInput,
    hooks: TokenBookHooks = {},
  ) {
    this.#input = input;
    this.#config = resolvePlatformConfig(componentAppId, input);
    this.componentTokens = new TokenBook(hooks, () => `85_${randomBytes(113).toString('base64url')}`);
  }

  get config(): ResolvedPlatformConfig {
    return this.#config;
  }

  /** Changes some settings; tickets, tokens, codes and authorisations stay. */
  patch(changes: Partial<PlatformConfigInput>): void {
    this.#input = { ...this.#input, ...changes };
    this.#config = resolvePlatformConfig(this.componentAppId, this.#input);
  }

  // ---- ticket -------------------------------------------------------------------------

  /** A new component_verify_ticket, accepted for `ticketTtlMs` (older ones stay accepted until theirs ends). */
  issueTicket(now: number): { ticket: string; createTime: number } {
    for (const [ticket, until] of this.#tickets) if (until <= now) this.#tickets.delete(ticket);
    const ticket = minted('ticket', 64);
    this.#tickets.set(ticket, now + this.#config.ticketTtlMs);
    return { ticket, createTime: Math.floor(now / 1000) };
  }

  checkTicket(ticket: string, now: number): TicketCheck {
    const until = this.#tickets.get(ticket);
    if (until === undefined) return { ok: false, errcode: 61006 };
    return until > now ? { ok: true } : { ok: false, errcode: 61005 };
  }

  /** Fault: every ticket pushed so far answers 61005 from now on. */
  expireTickets(now: number): void {
    for (const ticket of this.#tickets.keys())
      this.#tickets.set(ticket, Math.min(now, this.#tickets.get(ticket) ?? now));
  }

  // ---- component token ----------------------------------------------------------------

  /** api_component_token after its checks: a token and its remaining life, per `componentTokenReuse`. */
  grantComponentToken(now: number): { token: string; expiresInSec: number } {
    const ttl = this.#config.componentTokenTtlMs;
    const current = this.componentTokens.current('component', now);
    if (this.#config.componentTokenReuse && current !== null) {
      return { token: current.token, expiresInSec: Math.floor((current.record.expiresAt - now) / 1000) };
    }
    const { token } = this.componentTokens.issue('component', now, ttl);
    this.#stats.componentTokensIssued++;
    return { token, expiresInSec: Math.floor(ttl / 1000) };
  }

  // ---- authorisation --------------------------------------------------------------------

  createPreAuthCode(now: number): { preAuthCode: string; expiresInSec: number } {
    const preAuthCode = minted('preauthcode', 48);
    this.#preAuthCodes.set(preAuthCode, {
      expiresAt: now + PRE_AUTH_CODE_TTL_SEC * 1000,
      used: false,
      visit: null,
    });
    return { preAuthCode, expiresInSec: PRE_AUTH_CODE_TTL_SEC };
  }

  /** Why the authorisation page cannot be shown for this pre-auth code, or null (the visit is then kept). */
  openPage(preAuthCode: string, visit: PageVisit, now: number): string | null {
    const code = this.#preAuthCodes.get(preAuthCode);
    if (code === undefined || code.used) return 'pre_auth_code is invalid';
    if (code.expiresAt <= now) return 'pre_auth_code is expired';
    code.visit = visit;
    return null;
  }

  /**
   * The administrator approves: the pre-auth code is used up, the account's authorisation
   * is made (or renewed, with a new refresh token: re-authorising replaces it) and an
   * auth code is issued for api_query_auth. Throws ApprovalError when the page would not
   * have let it happen.
   */
  approve(
    input: {
      preAuthCode: string;
      authorizerAppId: string;
      funcIds?: readonly number[];
      redirectUri?: string;
    },
    now: number,
  ): { authCode: string; infoType: 'authorized' | 'updateauthorized'; redirectUri: string } {
    const code = this.#preAuthCodes.get(input.preAuthCode);
    if (code === undefined || code.used) throw new ApprovalError('pre_auth_code is invalid or already used');
    if (code.expiresAt <= now) throw new ApprovalError('pre_auth_code is expired');
    const bizAppId = code.visit?.bizAppId ?? null;
    if (bizAppId !== null && bizAppId !== input.authorizerAppId)
      throw new ApprovalError(`the link is for ${bizAppId} only, not ${input.authorizerAppId}`);
    const redirectUri = input.redirectUri ?? code.visit?.redirectUri;
    if (redirectUri === undefined)
      throw new ApprovalError('no redirect_uri: open the authorisation page first, or give redirectUri');
    code.used = true;
    return { ...this.#grant(input.authorizerAppId, input.funcIds, now), redirectUri };
  }

  /** The same approval without a link (bulk set-ups of tests): a pre-auth code is made and used at once. */
  authorize(
    authorizerAppId: string,
    funcIds: readonly number[] | undefined,
    now: number,
  ): { authCode: string; infoType: 'authorized' | 'updateauthorized'; preAuthCode: string } {
    const { preAuthCode } = this.createPreAuthCode(now);
    const code = this.#preAuthCodes.get(preAuthCode);
    if (code) code.used = true;
    return { ...this.#grant(authorizerAppId, funcIds, now), preAuthCode };
  }

  #grant(
    authorizerAppId: string,
    funcIds: readonly number[] | undefined,
    now: number,
  ): { authCode: string; infoType: 'authorized' | 'updateauthorized' } {
    const previous = this.#authorizations.get(authorizerAppId);
    const infoType = previous?.state === 'authorized' ? 'updateauthorized' : 'authorized';
    this.#authorizations.set(authorizerAppId, {
      authorizerAppId,
      refreshToken: minted('refreshtoken', 36),
      funcIds: [...(funcIds ?? DEFAULT_FUNC_IDS)],
      authTime: Math.floor(now / 1000),
      state: 'authorized',
      revokedAt: null,
    });
    const authCode = minted('queryauthcode', 36);
    this.#authCodes.set(authCode, {
      authorizerAppId,
      expiresAt: now + AUTH_CODE_TTL_SEC * 1000,
      used: false,
    });
    return { authCode, infoType };
  }

  /** api_query_auth: single use unless `authCodeReusable`; void once the account revoked or re-authorised. */
  exchangeAuthCode(authCode: string, now: number): AuthCodeExchange {
    const code = this.#authCodes.get(authCode);
    if (code === undefined) return { ok: false, errcode: 61009 };
    if (code.expiresAt <= now) return { ok: false, errcode: 61010 };
    if (code.used && !this.#config.authCodeReusable) return { ok: false, errcode: 61009 };
    const authorization = this.#authorizations.get(code.authorizerAppId);
    if (authorization === undefined || authorization.state !== 'authorized')
      return { ok: false, errcode: 61009 };
    code.used = true;
    return { ok: true, authorization };
  }

  /** api_authorizer_token's check of the refresh token; rotates it when `rotateRefreshToken`. */
  useRefreshToken(authorizerAppId: string, refreshToken: string): RefreshCheck {
    const authorization = this.#authorizations.get(authorizerAppId);
    if (authorization === undefined) return { ok: false, errcode: 61003 };
    if (authorization.state !== 'authorized' || authorization.refreshToken !== refreshToken)
      return { ok: false, errcode: 61023 };
    if (this.#config.rotateRefreshToken) authorization.refreshToken = minted('refreshtoken', 36);
    return { ok: true, refreshToken: authorization.refreshToken };
  }

  /** The account cancels the authorisation (取消授权): its refresh token answers 61023 from now on. */
  revoke(authorizerAppId: string, now: number): boolean {
    const authorization = this.#authorizations.get(authorizerAppId);
    if (authorization === undefined || authorization.state === 'revoked') return false;
    authorization.state = 'revoked';
    authorization.revokedAt = now;
    return true;
  }

  authorization(authorizerAppId: string): Authorization | undefined {
    return this.#authorizations.get(authorizerAppId);
  }

  /** Accounts that authorise the platform now, oldest approval first (api_get_authorizer_list). */
  authorized(): Authorization[] {
    return [...this.#authorizations.values()]
      .filter((a) => a.state === 'authorized')
      .sort((a, b) => a.authTime - b.authTime || a.authorizerAppId.localeCompare(b.authorizerAppId));
  }

  allAuthorizations(): Authorization[] {
    return [...this.#authorizations.values()].map((a) => ({ ...a, funcIds: [...a.funcIds] }));
  }

  // ---- counters -------------------------------------------------------------------------

  countCall(endpoint: string): void {
    this.#stats.callsByEndpoint[endpoint] = (this.#stats.callsByEndpoint[endpoint] ?? 0) + 1;
  }

  countComponentTokenCall(): void {
    this.#stats.componentTokenCalls++;
  }

  countAuthorizerTokenCall(): void {
    this.#stats.authorizerTokenCalls++;
  }

  countAuthorizerTokenIssued(authorizerAppId: string): void {
    const issued = this.#stats.authorizerTokensIssued;
    issued[authorizerAppId] = (issued[authorizerAppId] ?? 0) + 1;
  }

  countError(key: string): void {
    this.#stats.errorsByCode[key] = (this.#stats.errorsByCode[key] ?? 0) + 1;
  }

  countPush(infoType: string): void {
    this.#stats.pushes[infoType] = (this.#stats.pushes[infoType] ?? 0) + 1;
  }

  stats(): PlatformStats {
    return structuredClone(this.#stats);
  }

  resetStats(): void {
    this.#stats = emptyStats();
  }
}
