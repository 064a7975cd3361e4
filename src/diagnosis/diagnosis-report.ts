import type { AccountMode } from '../config/index.js';
import type { Egress, SplitEgress } from '../egress/index.js';
import type { FailureDiagnostic } from '../failures/index.js';
import type { StoredQuota } from '../quota/api-quotas.js';

/** Jobs of one account by BullMQ state. */
export type JobCounts = Record<(typeof JOB_COUNT_STATES)[number], number>;

export const JOB_COUNT_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'failed',
  'completed',
] as const;

export interface TokenCheck {
  ok: boolean;
  /** `cache`: a valid cached token was the proof; `wechat`: one token call was made. */
  source: 'cache' | 'wechat';
  /** When the token expires (ok only), ISO. */
  expiresAt: string | null;
  /** What went wrong (not ok only): the same diagnostic a failed job carries, or a short reason. */
  failure: FailureDiagnostic | null;
  error: string | null;
}

export interface EgressIp {
  /** The IP WeChat reported in the latest 40164 (this check's, else the last stored one). */
  ip: string | null;
  seenAt: string | null;
  /** The refused IP that had been fixed when the last success came (see AccountStatus). */
  ipAtLastSuccess: string | null;
  /** true/false when both IPs are known and the refusal came after the success; null otherwise. */
  changedSinceLastSuccess: boolean | null;
}

export interface AccountDiagnosis {
  accountId: string;
  appId: string;
  /** How the account gets its tokens: its own AppSecret, or a third-party platform. */
  mode: AccountMode;
  /** The account can get a token. */
  healthy: boolean;
  token: TokenCheck;
  egress: EgressIp;
  block: { blocked: boolean; until: string | null; clearedByThisCheck: boolean };
  lock: { jobId: string; host: string; pid: number; since: string; ttlMs: number } | null;
  lastSuccess: { at: string; jobId: string | null } | null;
  lastFailure: { at: string; jobId: string | null; diagnostic: FailureDiagnostic | null } | null;
  jobs: JobCounts;
  /** Token fights over the last 24 h: another system refreshed this app's token under us. */
  tokenFights: { count: number; lastAt: string | null; lastRemainingMs: number | null };
  /** Forced stable_token refreshes used today (China time) of WeChat's 20; null when not tracked. */
  forceRefreshesToday: number | null;
  /** Steps to fix what this check found (empty when healthy and no token fight). */
  remedy: string[];
  /** WeChat's daily quota per API (cgi path) as last checked by a worker; absent when not read. */
  quota?: Record<string, StoredQuota>;
}

/** How this deployment reaches WeChat, and whether WeChat saw it come from several IPs. */
export interface DeploymentEgress {
  mode: Egress['mode'];
  /** The proxy's origin (no credentials), or null when direct. */
  proxy: string | null;
  split: SplitEgress | null;
}

export interface DiagnosisReport {
  /** Redis answers and every checked account can get a token. */
  healthy: boolean;
  checkedAt: string;
  redis: { reachable: boolean; latencyMs: number | null; error: string | null };
  egress: DeploymentEgress;
  accounts: AccountDiagnosis[];
}
