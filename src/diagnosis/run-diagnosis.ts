import { performance } from 'node:perf_hooks';
import type { Queue } from 'bullmq';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { Account } from '../config/index.js';
import type { AccountLock } from '../lock/index.js';
import type { ApiQuotas } from '../quota/index.js';
import type { RedisClient } from '../redis/connection.js';
import { countJobsByAccount, emptyCounts } from './account-job-counts.js';
import { assembleAccount } from './assemble-account.js';
import { checkToken, type TokenProbe } from './check-token.js';
import type { AccountDiagnosis, DiagnosisReport } from './diagnosis-report.js';

export interface DiagnosisDeps {
  accounts: readonly Account[];
  redis: Pick<RedisClient, 'ping'>;
  queue: Pick<Queue, 'getRanges'>;
  tokens: TokenProbe;
  lock: Pick<AccountLock, 'listHolders'>;
  blocks: Pick<AccountBlocks, 'get' | 'clear'>;
  status: Pick<AccountStatus, 'get'>;
  /** WeChat quota answers the workers stored; absent = the report has no quota section. */
  quotas?: Pick<ApiQuotas, 'all'>;
  now?: () => number;
}

async function pingRedis(redis: Pick<RedisClient, 'ping'>): Promise<DiagnosisReport['redis']> {
  const started = performance.now();
  try {
    await redis.ping();
    return { reachable: true, latencyMs: Math.round((performance.now() - started) * 100) / 100, error: null };
  } catch (err) {
    return { reachable: false, latencyMs: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The quick diagnosis (the legacy quick_diagnosis.php, on one screen): RedisClient, then each
 * account checked in parallel. Healthy means Redis answers and every account checked can
 * get a token; the route and the CLI turn that into 200/503 and exit 0/1.
 */
export async function runDiagnosis(
  deps: DiagnosisDeps,
  opts: { accountId?: string } = {},
): Promise<DiagnosisReport> {
  const now = deps.now ?? Date.now;
  const checkedAt = new Date(now()).toISOString();
  const redis = await pingRedis(deps.redis);
  if (!redis.reachable) return { healthy: false, checkedAt, redis, accounts: [] };
  const accounts = opts.accountId
    ? deps.accounts.filter((a) => a.accountId === opts.accountId)
    : deps.accounts;
  const [holders, jobs] = await Promise.all([deps.lock.listHolders(), countJobsByAccount(deps.queue)]);
  const holderOf = new Map(holders.map((h) => [h.accountId, h]));
  const results: AccountDiagnosis[] = await Promise.all(
    accounts.map(async (account) => {
      const [block, token, quota] = await Promise.all([
        deps.blocks.get(account.accountId),
        checkToken(deps.tokens, account, now()),
        deps.quotas?.all(account.accountId),
      ]);
      // A token obtained proves the whitelist is fixed: lift the block now, not when it expires.
      const blockCleared = block !== null && token.ok && (await deps.blocks.clear(account.accountId));
      const section = assembleAccount({
        accountId: account.accountId,
        appId: account.appId,
        token,
        status: await deps.status.get(account.accountId),
        block,
        blockCleared,
        holder: holderOf.get(account.accountId) ?? null,
        jobs: jobs.get(account.accountId) ?? emptyCounts(),
        now: now(),
      });
      return quota === undefined ? section : { ...section, quota };
    }),
  );
  return { healthy: results.every((a) => a.healthy), checkedAt, redis, accounts: results };
}
