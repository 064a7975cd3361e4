import type { Account } from '../config/index.js';
import { describeFailure, type PlatformRef } from '../failures/index.js';
import type { TokenCache } from '../token/token-cache.js';
import type { TokenCheck } from './diagnosis-report.js';

export type TokenProbe = Pick<TokenCache, 'get' | 'peek'>;

/**
 * The stored authorisation of accounts that get their tokens through a platform
 * (src/platform/authorization-gate.ts): a revoked one is reported as the worker would
 * fail it, even while a token of it is still cached, and diagnostics name the platform.
 */
export interface AuthorizationProbe {
  check(account: Account): Promise<void>;
  platformOf(account: Account): PlatformRef | null;
}

/**
 * A live token check that never burns quota: it goes through the token cache, so a
 * valid cached token is the proof, and otherwise one token call is made, shared with any
 * refresh already running (the cache's single flight). Diagnosis never blocks the
 * account on a failure: jobs do that; this only reports.
 */
export async function checkToken(
  tokens: TokenProbe,
  account: Account,
  now: number,
  authorization?: AuthorizationProbe,
): Promise<TokenCheck> {
  const before = await tokens.peek(account.appId);
  try {
    await authorization?.check(account);
    await tokens.get(account);
    const after = await tokens.peek(account.appId);
    const fromCache = before.cached && before.expiresAt === after.expiresAt;
    return {
      ok: true,
      source: fromCache ? 'cache' : 'wechat',
      expiresAt: after.expiresAt === null ? null : new Date(after.expiresAt).toISOString(),
      failure: null,
      error: null,
    };
  } catch (err) {
    const failure = describeFailure(err, {
      accountId: account.accountId,
      appId: account.appId,
      at: now,
      blockMs: 0,
      platform: authorization?.platformOf(account) ?? null,
    });
    // WeChat errors and our own carry no credential in their message (src/wechat/errors).
    const error = failure?.summary ?? (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    return { ok: false, source: 'wechat', expiresAt: null, failure, error };
  }
}
