import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { ConsoleAccount } from './console-account.js';
import type { HealthFacts } from './health-state.js';
import { type BatchCommand, runBatch } from './redis-batch.js';

/** Everything the list needs to classify, filter and sort one account. */
export interface AccountHealthFacts extends HealthFacts {
  accountId: string;
  name: string | null;
  appId: string;
  lastFailureSummary: string | null;
  lastSeenIp: string | null;
  holder: { host: string; jobId: string; since: number } | null;
}

const STATE_FIELDS = [
  'lastSuccessAt',
  'lastFailureAt',
  'lastFailureCode',
  'lastFailureSummary',
  'lastSeenIp',
];
const HOLDER_FIELDS = ['host', 'jobId', 'since'];
const COMMANDS_PER_ACCOUNT = 3;

const num = (v: unknown): number | null => (typeof v === 'string' && v !== '' ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The health facts of every account, read in ONE batch (three commands per account:
 * the status hash's small fields, the block's PTTL, the lock holder), however many
 * accounts there are. The full failure diagnostic is not read here: only its code and
 * capped summary, kept beside it by AccountStatus.recordFailure.
 */
export async function readHealthFacts(
  redis: RedisClient,
  keys: RedisKeys,
  accounts: readonly ConsoleAccount[],
): Promise<AccountHealthFacts[]> {
  const commands: BatchCommand[] = [];
  for (const { accountId } of accounts) {
    commands.push(['HMGET', keys.accountState(accountId), ...STATE_FIELDS]);
    commands.push(['PTTL', keys.block(accountId)]);
    commands.push(['HMGET', keys.lockHolder(accountId), ...HOLDER_FIELDS]);
  }
  const replies = await runBatch(redis, commands);
  return accounts.map((account, i) => {
    const at = i * COMMANDS_PER_ACCOUNT;
    const state = (replies[at] ?? []) as unknown[];
    const pttl = Number(replies[at + 1]);
    const [host, jobId, since] = (replies[at + 2] ?? []) as unknown[];
    return {
      accountId: account.accountId,
      name: account.name,
      appId: account.appId,
      lastSuccessAt: num(state[0]),
      lastFailureAt: num(state[1]),
      lastFailureCode: str(state[2]),
      lastFailureSummary: str(state[3]),
      lastSeenIp: str(state[4]),
      // PTTL: -2 no key, -1 no expiry (a block is always written with one).
      blockedMs: pttl > 0 ? pttl : null,
      locked: typeof host === 'string',
      holder: typeof host === 'string' ? { host, jobId: str(jobId) ?? '', since: num(since) ?? 0 } : null,
      intervalMs: account.intervalMs,
    };
  });
}
