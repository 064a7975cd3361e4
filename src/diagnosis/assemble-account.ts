import type { AccountBlock, AccountStatusRecord } from '../accounts/index.js';
import type { AccountMode } from '../config/index.js';
import { tokenFightRemedy } from '../failures/token-fight-remedy.js';
import type { ListedHolder } from '../lock/index.js';
import type { TokenFightSummary } from '../token/token-fight-log.js';
import type { AccountDiagnosis, EgressIp, JobCounts, TokenCheck } from './diagnosis-report.js';

export interface AccountFacts {
  accountId: string;
  appId: string;
  /** Default own AppSecret. */
  mode?: AccountMode;
  token: TokenCheck;
  status: AccountStatusRecord;
  /** The block as it was before this check. */
  block: AccountBlock | null;
  /** Whether this check lifted that block (the token check succeeded). */
  blockCleared: boolean;
  holder: ListedHolder | null;
  jobs: JobCounts;
  now: number;
  fights?: TokenFightSummary;
  forceRefreshesToday?: number | null;
  /** Whether this deployment runs the token authority (the fight remedy points at it). */
  authorityOn?: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Which IP WeChat refused last, and whether it differs from the one that worked before. */
export function egressOf(token: TokenCheck, status: AccountStatusRecord): EgressIp {
  const live = token.failure?.ip ?? null;
  const ip = live ?? status.lastSeenIp;
  const seenAtMs = live ? Date.parse(token.failure?.at ?? '') : status.lastSeenIpAt;
  const refusedAfterSuccess =
    seenAtMs !== null && status.lastSuccessAt !== null && seenAtMs > status.lastSuccessAt;
  const known = ip !== null && status.ipAtLastSuccess !== null && refusedAfterSuccess;
  return {
    ip,
    seenAt: iso(Number.isNaN(seenAtMs) ? null : seenAtMs),
    ipAtLastSuccess: status.ipAtLastSuccess,
    changedSinceLastSuccess: known ? ip !== status.ipAtLastSuccess : null,
  };
}

/** One account's section of the report, from the facts gathered (pure). */
export function assembleAccount(f: AccountFacts): AccountDiagnosis {
  const blockUntil = f.block ? iso(f.now + f.block.ttlMs) : null;
  const egress = egressOf(f.token, f.status);
  const remedy = f.token.ok ? [] : (f.token.failure?.remedy ?? []);
  if (!f.token.ok && egress.changedSinceLastSuccess) {
    remedy.push(
      `The refused IP ${egress.ip} differs from ${egress.ipAtLastSuccess}, which worked before: the workers' egress IP changed (NAT, proxy or a new host).`,
    );
  }
  const fights = f.fights ?? { count: 0, lastAt: null, lastRemainingMs: null };
  if (fights.count > 0)
    remedy.push(...tokenFightRemedy(f.accountId, f.appId, fights.count, f.authorityOn ?? false));
  const { lastSuccessAt, lastFailureAt } = f.status;
  return {
    accountId: f.accountId,
    appId: f.appId,
    mode: f.mode ?? { kind: 'own-secret' },
    healthy: f.token.ok,
    token: f.token,
    egress,
    block: {
      blocked: f.block !== null && !f.blockCleared,
      until: f.blockCleared ? null : blockUntil,
      clearedByThisCheck: f.blockCleared,
    },
    lock: f.holder
      ? {
          jobId: f.holder.holder.jobId,
          host: f.holder.holder.host,
          pid: f.holder.holder.pid,
          since: new Date(f.holder.holder.since).toISOString(),
          ttlMs: f.holder.ttlMs,
        }
      : null,
    lastSuccess:
      lastSuccessAt === null
        ? null
        : { at: new Date(lastSuccessAt).toISOString(), jobId: f.status.lastSuccessJobId },
    lastFailure:
      lastFailureAt === null
        ? null
        : {
            at: new Date(lastFailureAt).toISOString(),
            jobId: f.status.lastFailureJobId,
            diagnostic: f.status.lastFailure,
          },
    jobs: f.jobs,
    tokenFights: { count: fights.count, lastAt: iso(fights.lastAt), lastRemainingMs: fights.lastRemainingMs },
    forceRefreshesToday: f.forceRefreshesToday ?? null,
    remedy,
  };
}
