import type { FailureDiagnostic } from '../failures/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';

/** Longest lastFailureSummary kept beside the full diagnostic (the console's one-line view). */
export const FAILURE_SUMMARY_MAX = 300;

export interface AccountStatusRecord {
  lastSuccessAt: number | null;
  lastSuccessJobId: string | null;
  lastFailureAt: number | null;
  lastFailureJobId: string | null;
  lastFailure: FailureDiagnostic | null;
  /** The IP WeChat reported in the most recent whitelist failure. */
  lastSeenIp: string | null;
  /** When WeChat reported lastSeenIp (epoch ms). */
  lastSeenIpAt: number | null;
  /**
   * lastSeenIp as it was when the last success came: the refused IP that was then fixed
   * (whitelisted). A later refusal naming another IP means the egress IP changed (NAT,
   * proxy, new host) rather than the whitelist losing an entry. WeChat names the IP only
   * when it refuses, so this is the best knowledge of "the IP that worked".
   */
  ipAtLastSuccess: string | null;
}

// Copies the last refused IP into ipAtLastSuccess with the success, atomically, and lifts
// a whitelist block: a sync that got through proves the account reaches WeChat again.
// One script, so the success costs one round trip. KEYS share the `{accountId}` tag.
// KEYS[1] state hash, KEYS[2] block key; ARGV[1] lastSuccessAt, ARGV[2] lastSuccessJobId.
// Returns 1 when a block was lifted, else 0.
const RECORD_SUCCESS_LUA = `
local ip = redis.call('HGET', KEYS[1], 'lastSeenIp')
redis.call('HSET', KEYS[1], 'lastSuccessAt', ARGV[1], 'lastSuccessJobId', ARGV[2])
if ip then redis.call('HSET', KEYS[1], 'ipAtLastSuccess', ip) end
return redis.call('DEL', KEYS[2])`;

interface StatusCommands {
  accountStatusRecordSuccess(state: string, block: string, at: string, jobId: string): Promise<number>;
}

const registered = new WeakSet<RedisClient>();

/** Defines the script once per connection; ioredis then runs it by EVALSHA, not EVAL with its text. */
function statusCommands(redis: RedisClient): StatusCommands {
  if (!registered.has(redis)) {
    redis.defineCommand('accountStatusRecordSuccess', { numberOfKeys: 2, lua: RECORD_SUCCESS_LUA });
    registered.add(redis);
  }
  return redis as unknown as StatusCommands;
}

/** Last success and last failure of each account, for diagnosis and the API. One hash per account. */
export class AccountStatus {
  private readonly commands: StatusCommands;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.commands = statusCommands(redis);
  }

  /**
   * Records a successful sync and lifts the account's whitelist block (see AccountBlocks)
   * in the same step. Resolves to whether a block was lifted.
   */
  async recordSuccess(accountId: string, jobId: string, at: number): Promise<boolean> {
    const lifted = await this.commands.accountStatusRecordSuccess(
      this.keys.accountState(accountId),
      this.keys.block(accountId),
      String(at),
      jobId,
    );
    return lifted === 1;
  }

  async recordFailure(accountId: string, jobId: string, diagnostic: FailureDiagnostic): Promise<void> {
    const fields: Record<string, string> = {
      lastFailureAt: String(Date.parse(diagnostic.at)),
      lastFailureJobId: jobId,
      lastFailure: JSON.stringify(diagnostic),
    };
    // Small copies the accounts console reads for every account at once, without the full JSON.
    // Checked, not trusted: a diagnostic read back from an older job may lack them.
    if (typeof diagnostic.code === 'string') fields.lastFailureCode = diagnostic.code;
    if (typeof diagnostic.summary === 'string') {
      fields.lastFailureSummary = diagnostic.summary.slice(0, FAILURE_SUMMARY_MAX);
    }
    if (diagnostic.ip) {
      fields.lastSeenIp = diagnostic.ip;
      fields.lastSeenIpAt = fields.lastFailureAt as string;
    }
    await this.redis.hset(this.keys.accountState(accountId), fields);
  }

  async get(accountId: string): Promise<AccountStatusRecord> {
    const h = await this.redis.hgetall(this.keys.accountState(accountId));
    const num = (v: string | undefined) => (v === undefined ? null : Number(v));
    return {
      lastSuccessAt: num(h.lastSuccessAt),
      lastSuccessJobId: h.lastSuccessJobId ?? null,
      lastFailureAt: num(h.lastFailureAt),
      lastFailureJobId: h.lastFailureJobId ?? null,
      lastFailure: h.lastFailure ? (JSON.parse(h.lastFailure) as FailureDiagnostic) : null,
      lastSeenIp: h.lastSeenIp ?? null,
      lastSeenIpAt: num(h.lastSeenIpAt),
      ipAtLastSuccess: h.ipAtLastSuccess ?? null,
    };
  }
}
