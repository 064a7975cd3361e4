import type { Platform } from '../../config/index.js';
import { ComponentTicketError, InvalidRequestError, WeChatError } from '../../wechat/errors/index.js';
import { awaitExchange, type ExchangeOutcome, exchangeAuthCode } from '../exchange-auth-code.js';
import type { PlatformApi } from '../platform-api.js';
import type { LandingResult } from './landing-view.js';

/** How long the page waits for the push that is exchanging the same code. */
const WAIT_FOR_PUSH_MS = 5_000;

/** The exchange, or the outcome of the push that raced the browser to it. */
async function exchangeOrJoin(
  api: PlatformApi,
  platform: Platform,
  authCode: string,
): Promise<ExchangeOutcome> {
  const first = await exchangeAuthCode(api.events, platform, authCode);
  if (first.status !== 'in-progress') return first;
  const joined = await awaitExchange(api.events, platform.platformId, authCode, WAIT_FOR_PUSH_MS);
  // The push's exchange failed and released the code: try it ourselves, once.
  return joined ?? exchangeAuthCode(api.events, platform, authCode);
}

function accountOf(api: PlatformApi, appId: string): string | null {
  for (const account of api.accounts.values()) if (account.appId === appId) return account.accountId;
  return null;
}

/** What the administrator's redirect yields: the page's outcome (the caller logs failures). */
export async function completeAuthorization(
  api: PlatformApi,
  platform: Platform,
  authCode: string,
  requestId: string,
): Promise<LandingResult> {
  const platformName = platform.name ?? platform.platformId;
  try {
    const outcome = await exchangeOrJoin(api, platform, authCode);
    if (outcome.status === 'in-progress')
      return { outcome: 'pending', status: 202, platformName, lines: [{ key: 'landing.pending' }] };
    const { authorizerAppId: appId } = outcome;
    const accountId = accountOf(api, appId);
    return {
      outcome: 'ok',
      status: 200,
      platformName,
      appId,
      lines: [
        { key: 'landing.ok', params: { appId, platform: platformName } },
        ...(accountId === null ? [] : [{ key: 'landing.okAccount' as const, params: { accountId } }]),
        ...(outcome.status === 'exchanged'
          ? [{ key: 'landing.permissions' as const, params: { ids: outcome.funcIds.join(', ') || '-' } }]
          : []),
      ],
    };
  } catch (err) {
    if (err instanceof InvalidRequestError)
      return { outcome: 'bad', status: 400, platformName, lines: [{ key: 'landing.invalidCode' }] };
    if (err instanceof ComponentTicketError)
      return { outcome: 'bad', status: 503, platformName, lines: [{ key: 'landing.notReady' }] };
    if (err instanceof WeChatError)
      return {
        outcome: 'bad',
        status: 502,
        platformName,
        lines: [{ key: 'landing.failed', params: { requestId } }],
      };
    throw err;
  }
}
