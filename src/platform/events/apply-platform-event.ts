import type { Platform } from '../../config/index.js';
import { Sensitive } from '../../config/sensitive.js';
import { rememberSecret } from '../../log/secret-registry.js';
import { type ExchangeAuthCodeDeps, type ExchangeOutcome, exchangeAuthCode } from '../exchange-auth-code.js';
import type { TicketStore } from '../ticket-store.js';
import type { PlatformEvent } from './platform-event.js';

export interface PlatformEventDeps extends ExchangeAuthCodeDeps {
  tickets: TicketStore;
  /** Drops the account's cached access token (a revoked account's token is of no use). */
  dropToken(appId: string): Promise<void>;
}

/** What a push changed, for the route's log line (never a ticket, code or token). */
export type EventEffect =
  | { effect: 'ticket-stored' | 'ticket-older-ignored' }
  | { effect: 'authorization'; outcome: ExchangeOutcome }
  | { effect: 'revoked' | 'revocation-ignored'; authorizerAppId: string }
  | { effect: 'ignored'; infoType: string };

/**
 * Acts on one platform event. Every branch is idempotent, which is how WeChat's retries
 * (same push, new nonce) are deduplicated: a ticket is kept only if newer than the stored
 * one, an auth code is exchanged once (exchangeAuthCode's guard), a revocation marks a
 * record that is not already revoked.
 */
export async function applyPlatformEvent(
  deps: PlatformEventDeps,
  platform: Platform,
  event: PlatformEvent,
): Promise<EventEffect> {
  const { platformId } = platform;
  switch (event.infoType) {
    case 'component_verify_ticket': {
      rememberSecret(event.ticket);
      const saved = await deps.tickets.save(platformId, {
        ticket: new Sensitive(event.ticket),
        createdAt: event.createdAt,
      });
      return { effect: saved ? 'ticket-stored' : 'ticket-older-ignored' };
    }
    case 'authorized':
    case 'updateauthorized': {
      rememberSecret(event.authCode);
      const outcome = await exchangeAuthCode(deps, platform, event.authCode);
      if ('authorizerAppId' in outcome && outcome.authorizerAppId !== event.authorizerAppId)
        deps.logger.warn(
          { platformId, pushed: event.authorizerAppId, granted: outcome.authorizerAppId },
          'the authorised account WeChat pushed differs from the one its code granted; stored the grant',
        );
      return { effect: 'authorization', outcome };
    }
    case 'unauthorized':
      return revoke(deps, platformId, event.authorizerAppId, event.createdAt);
    case 'other':
      return { effect: 'ignored', infoType: event.name };
  }
}

/** A late `unauthorized` (a retry, a reordered delivery) never revokes an authorisation made after it. */
async function revoke(
  deps: PlatformEventDeps,
  platformId: string,
  authorizerAppId: string,
  at: number,
): Promise<EventEffect> {
  const record = await deps.authorizations.get(platformId, authorizerAppId);
  // CreateTime has whole seconds: an authorisation in the same second as the push is older.
  if (record === null || Math.floor(record.authorizedAt / 1000) * 1000 > at)
    return { effect: 'revocation-ignored', authorizerAppId };
  const marked = await deps.authorizations.markRevoked(platformId, authorizerAppId, at);
  await deps.dropToken(authorizerAppId);
  return { effect: marked ? 'revoked' : 'revocation-ignored', authorizerAppId };
}
