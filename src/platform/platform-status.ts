import type { Platform } from '../config/index.js';
import { accountsOf, type PlatformDeps } from './platform-deps.js';
import { TICKET_VALIDITY_MS, ticketValid } from './ticket-store.js';

/** What an operator sees of one platform. Never a ticket, token or refresh token. */
export interface PlatformStatus {
  platformId: string;
  name: string | null;
  componentAppId: string;
  /** Where authorisations and tickets live: `redis` is lost with a Redis flush (README, backups). */
  store: 'redis' | 'postgres';
  ticket: {
    present: boolean;
    /** ISO CreateTime of the last ticket WeChat pushed. */
    receivedAt: string | null;
    ageSeconds: number | null;
    /** Within WeChat's 12 h validity. */
    valid: boolean;
    /** ISO time the stored ticket stops being valid. */
    validUntil: string | null;
  };
  componentToken: { cached: boolean; expiresAt: string | null };
  authorizations: { authorized: number; revoked: number };
  /** Accounts in the accounts file that name this platform. */
  accountsConfigured: number;
  /** Configured accounts with no stored authorisation (send them a link, or `platform recover`). */
  accountsNotAuthorized: string[];
  /** Configured accounts whose authorisation is stored as revoked. */
  accountsRevoked: string[];
}

export async function platformStatus(deps: PlatformDeps, platform: Platform): Promise<PlatformStatus> {
  const now = deps.now();
  const [ticket, token, records] = await Promise.all([
    deps.stores.tickets.get(platform.platformId),
    deps.componentTokens.peek(platform.componentAppId),
    deps.stores.authorizations.list(platform.platformId),
  ]);
  const byAppId = new Map(records.map((r) => [r.authorizerAppId, r]));
  const configured = accountsOf(deps, platform.platformId);
  return {
    platformId: platform.platformId,
    name: platform.name ?? null,
    componentAppId: platform.componentAppId,
    store: deps.stores.backend,
    ticket: {
      present: ticket !== null,
      receivedAt: ticket ? new Date(ticket.createdAt).toISOString() : null,
      ageSeconds: ticket ? Math.max(0, Math.floor((now - ticket.createdAt) / 1000)) : null,
      valid: ticket !== null && ticketValid(ticket, now),
      validUntil: ticket ? new Date(ticket.createdAt + TICKET_VALIDITY_MS).toISOString() : null,
    },
    componentToken: {
      cached: token.cached,
      expiresAt: token.cached && token.expiresAt !== null ? new Date(token.expiresAt).toISOString() : null,
    },
    authorizations: {
      authorized: records.filter((r) => r.state === 'authorized').length,
      revoked: records.filter((r) => r.state === 'revoked').length,
    },
    accountsConfigured: configured.length,
    accountsNotAuthorized: configured.filter((a) => !byAppId.has(a.appId)).map((a) => a.accountId),
    accountsRevoked: configured
      .filter((a) => byAppId.get(a.appId)?.state === 'revoked')
      .map((a) => a.accountId),
  };
}
