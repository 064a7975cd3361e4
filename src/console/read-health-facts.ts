import { Cluster } from 'ioredis';
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
  lastSeenIp: string | null;
  holder: { host: string; jobId: string; since: number } | null;
}

// The summary is not read here: only the rows on screen need it (read-row-details.ts).
const STATE_FIELDS = ['lastSuccessAt', 'lastFailureAt', 'lastFailureCode', 'lastSeenIp'];
const HOLDER_FIELDS = ['host', 'jobId', 'since'];
const COMMANDS_PER_ACCOUNT = 3;

const num = (v: unknown): number | null => (typeof v === 'string' && v !== '' ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

// One Redis: the whole read is this one script, answering one JSON string. 10 000 accounts
// as 30 000 pipelined commands cost the client far more than Redis (a promise and a reply
// object each, measured ~1 s on the bench box); here Redis does the reads and the client
// parses one string. KEYS: per account, in order, its state hash, block key, lock holder
// hash. Returns JSON: per account [lastSuccessAt, lastFailureAt, lastFailureCode,
// lastSeenIp, blockPttl, holderHost, holderJobId, holderSince], false where absent.
const HEALTH_FACTS_LUA = `
local rows = {}
for i = 1, #KEYS, 3 do
  local s = redis.call('HMGET', KEYS[i], '${STATE_FIELDS.join("', '")}')
  local h = redis.call('HMGET', KEYS[i + 2], '${HOLDER_FIELDS.join("', '")}')
  rows[#rows + 1] = {s[1], s[2], s[3], s[4], redis.call('PTTL', KEYS[i + 1]), h[1], h[2], h[3]}
end
return cjson.encode(rows)`;

/** The eight values per account of either read path; absent ones are false (Lua) or null (a nil reply). */
type RawFacts = unknown[];

const flatKeys = new WeakMap<readonly ConsoleAccount[], string[]>();

async function readRaw(
  redis: RedisClient,
  keys: RedisKeys,
  accounts: readonly ConsoleAccount[],
): Promise<RawFacts[]> {
  const perAccount = (a: ConsoleAccount): [string, string, string] => [
    keys.accountState(a.accountId),
    keys.block(a.accountId),
    keys.lockHolder(a.accountId),
  ];
  if (!(redis instanceof Cluster)) {
    // The key list depends only on the configured accounts: built once, not per request.
    let flat = flatKeys.get(accounts);
    if (!flat) {
      flat = accounts.flatMap(perAccount);
      flatKeys.set(accounts, flat);
    }
    const json = (await redis.eval(HEALTH_FACTS_LUA, flat.length, ...flat)) as string;
    return JSON.parse(json) as RawFacts[];
  }
  // Cluster: a script may only touch keys of one slot, and each account has its own.
  const commands: BatchCommand[] = [];
  for (const a of accounts) {
    const [state, block, holder] = perAccount(a);
    commands.push(['HMGET', state, ...STATE_FIELDS], ['PTTL', block], ['HMGET', holder, ...HOLDER_FIELDS]);
  }
  const replies = await runBatch(redis, commands);
  return accounts.map((_, i) => {
    const at = i * COMMANDS_PER_ACCOUNT;
    return [
      ...((replies[at] ?? []) as unknown[]),
      replies[at + 1],
      ...((replies[at + 2] ?? []) as unknown[]),
    ];
  });
}

/**
 * The health facts of every account in ONE round trip however many accounts there are
 * (one script on one Redis, one batch on Cluster): per account the status hash's small
 * fields, the block's PTTL and the lock holder. The full failure diagnostic is not read here: only its code and
 * capped summary, kept beside it by AccountStatus.recordFailure.
 */
export async function readHealthFacts(
  redis: RedisClient,
  keys: RedisKeys,
  accounts: readonly ConsoleAccount[],
): Promise<AccountHealthFacts[]> {
  if (accounts.length === 0) return [];
  const raw = await readRaw(redis, keys, accounts);
  return accounts.map((account, i) => {
    const [success, failure, code, ip, pttl, host, jobId, since] = raw[i] ?? [];
    return {
      accountId: account.accountId,
      name: account.name,
      appId: account.appId,
      lastSuccessAt: num(success),
      lastFailureAt: num(failure),
      lastFailureCode: str(code),
      lastSeenIp: str(ip),
      // PTTL: -2 no key, -1 no expiry (a block is always written with one).
      blockedMs: Number(pttl) > 0 ? Number(pttl) : null,
      locked: typeof host === 'string',
      holder: typeof host === 'string' ? { host, jobId: str(jobId) ?? '', since: num(since) ?? 0 } : null,
      intervalMs: account.intervalMs,
    };
  });
}
