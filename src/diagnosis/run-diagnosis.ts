import { performance } from 'node:perf_hooks';
import type { Queue } from 'bullmq';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import { type Account, accountMode } from '../config/index.js';
import { type Egress, findSplitEgress } from '../egress/index.js';
import type { AccountLock } from '../lock/index.js';
import type { ApiQuotas } from '../quota/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { ForceRefreshBudget } from '../token/force-refresh-budget.js';
import type { TokenFightLog } from '../token/token-fight-log.js';
import { countJobsByAccount, emptyCounts } from './account-job-counts.js';
import { assembleAccount } from './assemble-account.js';
import { type AuthorizationProbe, checkToken, type TokenProbe } from './check-token.js';
import type { AccountDiagnosis, DeploymentEgress, DiagnosisReport } from './diagnosis-report.js';

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
  /** How this deployment reaches WeChat (WECHAT_PROXY_URL); default direct. */
  egress?: Egress;
  /** Token fights per app (src/token); absent = not reported. */
  fights?: Pick<TokenFightLog, 'summary'>;
  forceBudget?: Pick<ForceRefreshBudget, 'usedToday'>;
  /** Whether the token authority runs (TOKEN_CLIENTS_FILE), for the fight remedy. */
  authorityOn?: boolean;
  /** Stored platform authorisations (revoked accounts, the platform in diagnostics); absent = none. */
  authorization?: AuthorizationProbe;
}

function deploymentEgress(deps: DiagnosisDeps, accounts: AccountDiagnosis[], now: number): DeploymentEgress {
  const egress = deps.egress ?? { mode: 'direct', proxy: null };
  const reports = accounts.map((a) => ({
    accountId: a.accountId,
    ip: a.egress.ip,
    at: a.egress.seenAt === null ? null : Date.parse(a.egress.seenAt),
  }));
  return { mode: egress.mode, proxy: egress.proxy, split: findSplitEgress(reports, now) };
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
 * get a token; the route and the CLI turn that into 200/503 and exit 0/1. With
 * `liftBlocks` (the CLI's diagnose, POST …/diagnosis) an account whose token check
 * succeeds has its whitelist block lifted.
 */
export async function runDiagnosis(
  deps: DiagnosisDeps,
  opts: { accountId?: string; liftBlocks?: boolean } = {},
): Promise<DiagnosisReport> {
  const now = deps.now ?? Date.now;
  const checkedAt = new Date(now()).toISOString();
  const redis = await pingRedis(deps.redis);
  if (!redis.reachable) {
    return { healthy: false, checkedAt, redis, egress: deploymentEgress(deps, [], now()), accounts: [] };
  }
  const accounts = opts.accountId
    ? deps.accounts.filter((a) => a.accountId === opts.accountId)
    : deps.accounts;
  const [holders, jobs] = await Promise.all([deps.lock.listHolders(), countJobsByAccount(deps.queue)]);
  const holderOf = new Map(holders.map((h) => [h.accountId, h]));
  const results: AccountDiagnosis[] = await Promise.all(
    accounts.map(async (account) => {
      const [block, token, fights, forceRefreshesToday, quota] = await Promise.all([
        deps.blocks.get(account.accountId),
        checkToken(deps.tokens, account, now(), deps.authorization),
        deps.fights?.summary(account.appId, now()),
        deps.forceBudget?.usedToday(account.appId) ?? null,
        deps.quotas?.all(account.accountId),
      ]);
      // A token obtained proves the whitelist is fixed: lift the block now, not when it
      // expires. Only when asked: a read (GET, or a report) must not change anything.
      const blockCleared =
        opts.liftBlocks === true &&
        block !== null &&
        token.ok &&
        (await deps.blocks.clear(account.accountId));
      const section = assembleAccount({
        accountId: account.accountId,
        appId: account.appId,
        mode: accountMode(account),
        token,
        status: await deps.status.get(account.accountId),
        block,
        blockCleared,
        holder: holderOf.get(account.accountId) ?? null,
        jobs: jobs.get(account.accountId) ?? emptyCounts(),
        now: now(),
        ...(fights ? { fights } : {}),
        forceRefreshesToday,
        authorityOn: deps.authorityOn ?? false,
      });
      return quota === undefined ? section : { ...section, quota };
    }),
  );
  const egress = deploymentEgress(deps, results, now());
  return { healthy: results.every((a) => a.healthy), checkedAt, redis, egress, accounts: results };
}
