import type { Platform } from '../config/index.js';
import type { AuthorizerListEntry } from '../wechat/component-api.js';
import { MAX_AUTHORIZER_LIST_COUNT } from '../wechat/component-api.js';
import type { AuthorizationRecord } from './authorization-store.js';
import { componentApp } from './component-token.js';
import { accountsOf, type PlatformDeps } from './platform-deps.js';

/** What a recovery did, by authorizer AppID where it matters. Never a refresh token. */
export interface RecoveryReport {
  platformId: string;
  /** WeChat's total_count of authorisers. */
  listed: number;
  /** Not stored before: written from the list. */
  restored: number;
  /** Stored with another refresh token (or revoked before this authorisation): replaced. */
  updated: number;
  /** Stored as listed already. */
  unchanged: number;
  /** Revoked after the list's auth_time (the list lags an `unauthorized` push): kept revoked. */
  keptRevoked: string[];
  /** Restored, but api_get_authorizer_info failed: permissions left as they were (or empty). */
  infoFailed: string[];
  /** Configured accounts of the platform that WeChat does not list: they need a new authorisation. */
  notListed: string[];
}

/** Parallel api_get_authorizer_info calls during a recovery (a few hundred accounts at most per page). */
const INFO_CONCURRENCY = 8;

/**
 * Rebuilds a platform's authorisations from api_get_authorizer_list after the store lost
 * them (a Redis flush): each listed account's refresh token is written back, with its
 * permissions from api_get_authorizer_info, so it syncs again without its administrator
 * authorising again. An authorisation stored as revoked after the listed auth_time stays
 * revoked: WeChat's list can lag the `unauthorized` push.
 */
export async function recoverAuthorizations(deps: PlatformDeps, platform: Platform): Promise<RecoveryReport> {
  const entries = await listAll(deps, platform);
  const report: RecoveryReport = {
    platformId: platform.platformId,
    listed: entries.totalCount,
    restored: 0,
    updated: 0,
    unchanged: 0,
    keptRevoked: [],
    infoFailed: [],
    notListed: [],
  };
  await forEachLimited(entries.list, INFO_CONCURRENCY, (entry) => recoverOne(deps, platform, entry, report));
  const listed = new Set(entries.list.map((e) => e.authorizerAppId));
  report.notListed = accountsOf(deps, platform.platformId)
    .filter((a) => !listed.has(a.appId))
    .map((a) => a.accountId);
  report.keptRevoked.sort();
  report.infoFailed.sort();
  deps.logger.info(
    {
      ...report,
      keptRevoked: report.keptRevoked.length,
      infoFailed: report.infoFailed.length,
      notListed: report.notListed.length,
    },
    'platform authorisations recovered',
  );
  return report;
}

async function listAll(
  deps: PlatformDeps,
  platform: Platform,
): Promise<{ totalCount: number; list: AuthorizerListEntry[] }> {
  const list: AuthorizerListEntry[] = [];
  let totalCount = 0;
  for (let offset = 0; ; offset += MAX_AUTHORIZER_LIST_COUNT) {
    const page = await deps.componentTokens.withToken(componentApp(platform), (token) =>
      deps.component.listAuthorizers(platform.componentAppId, token, offset, MAX_AUTHORIZER_LIST_COUNT),
    );
    totalCount = page.totalCount;
    list.push(...page.list);
    if (page.list.length === 0 || offset + MAX_AUTHORIZER_LIST_COUNT >= totalCount) break;
  }
  // A page boundary shifting under a concurrent authorisation can list one account twice.
  const unique = new Map(list.map((e) => [e.authorizerAppId, e]));
  return { totalCount, list: [...unique.values()] };
}

async function recoverOne(
  deps: PlatformDeps,
  platform: Platform,
  entry: AuthorizerListEntry,
  report: RecoveryReport,
): Promise<void> {
  const { platformId } = platform;
  const appId = entry.authorizerAppId;
  const authorizedAt = entry.authTime * 1000;
  const stored = await deps.stores.authorizations.get(platformId, appId);
  if (revokedSince(stored, authorizedAt)) {
    report.keptRevoked.push(appId);
    return;
  }
  if (stored?.state === 'authorized' && stored.refreshToken.equals(entry.refreshToken)) {
    report.unchanged += 1;
    return;
  }
  const funcIds = await grantedFuncIds(deps, platform, appId).catch((err: unknown) => {
    deps.logger.warn(
      { platformId, authorizerAppId: appId, err },
      'api_get_authorizer_info failed during recovery',
    );
    report.infoFailed.push(appId);
    return stored?.funcIds ?? [];
  });
  // An `unauthorized` push may have been stored during the info call: read again right before writing.
  if (revokedSince(await deps.stores.authorizations.get(platformId, appId), authorizedAt)) {
    report.keptRevoked.push(appId);
    return;
  }
  const record: AuthorizationRecord = {
    authorizerAppId: appId,
    refreshToken: entry.refreshToken,
    funcIds,
    authorizedAt,
    updatedAt: deps.now(),
    state: 'authorized',
  };
  await deps.stores.authorizations.put(platformId, record);
  if (stored) report.updated += 1;
  else report.restored += 1;
}

/** Stored as revoked at or after the listed authorisation: WeChat's list lags the `unauthorized` push. */
function revokedSince(stored: AuthorizationRecord | null, authorizedAt: number): boolean {
  return stored?.state === 'revoked' && (stored.revokedAt ?? 0) >= authorizedAt;
}

function grantedFuncIds(deps: PlatformDeps, platform: Platform, appId: string): Promise<number[]> {
  return deps.componentTokens
    .withToken(componentApp(platform), (token) =>
      deps.component.getAuthorizerInfo(platform.componentAppId, token, appId),
    )
    .then((info) => info.funcIds);
}

/** Runs `fn` over `items`, at most `limit` at a time; rejects with the first failure. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
