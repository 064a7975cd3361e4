import { schedulerId } from '../queue/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import type { SyncStore } from '../store/sync-store.js';
import type { ConsoleAccount } from './console-account.js';
import { quotaLeft } from './quota-left.js';
import { type BatchCommand, runBatch } from './redis-batch.js';

/** The columns read only for the rows on screen. */
export interface RowDetails {
  /** Epoch ms the app's cached token expires; null when none is cached. */
  tokenExpiresAt: number | null;
  /** Epoch ms of the next scheduled run; null when the account has no job scheduler. */
  nextRunAt: number | null;
  records: { articles: number; followers: number; materials: number } | null;
  /** The last failure's one-line summary (capped when written). */
  failureSummary: string | null;
  /** The API with the least daily quota left, e.g. `/cgi-bin/user/get 12/500`; null when unknown. */
  quota: string | null;
}

// KEYS[1] the app's token key. Returns the record's expiresAt as a string, or false when
// there is none or it cannot be read. The token itself never leaves Redis: the console
// has no use for it, and what it never holds it cannot show. Sent by EVAL (a page is
// tens of rows), so there is no script cache to miss.
const TOKEN_EXPIRY_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local ok, record = pcall(cjson.decode, raw)
if ok and type(record) == 'table' and type(record.expiresAt) == 'number' then
  return string.format('%d', record.expiresAt)
end
return false`;

/** Commands per row in the batch below. */
const PER_ROW = 4;

async function readCounts(store: SyncStore, accountId: string): Promise<NonNullable<RowDetails['records']>> {
  const [articles, followers, materials] = await Promise.all([
    store.countArticles(accountId),
    store.countFollowers(accountId),
    store.countMaterials(accountId),
  ]);
  const materialTotal = Object.values(materials).reduce((sum, n) => sum + n, 0);
  return { articles, followers: followers.subscribed, materials: materialTotal };
}

/**
 * Token expiry, next run and failure summary of the given rows in one Redis batch, and their stored record
 * counts through the store (any backend), all rows at once. Only the page's rows: a page
 * is bounded (see PAGE_SIZE), 10 000 accounts are not.
 */
export async function readRowDetails(
  deps: { redis: RedisClient; keys: RedisKeys; repeatKey: string; store: SyncStore | null },
  rows: readonly Pick<ConsoleAccount, 'accountId' | 'appId'>[],
): Promise<Map<string, RowDetails>> {
  const commands: BatchCommand[] = [];
  for (const row of rows) {
    commands.push(['EVAL', TOKEN_EXPIRY_LUA, 1, deps.keys.token(row.appId)]);
    commands.push(['ZSCORE', deps.repeatKey, schedulerId(row.accountId)]);
    commands.push(['HGET', deps.keys.accountState(row.accountId), 'lastFailureSummary']);
    commands.push(['HGETALL', deps.keys.apiQuota(row.accountId)]);
  }
  const { store } = deps;
  const [replies, counts] = await Promise.all([
    runBatch(deps.redis, commands),
    Promise.all(rows.map((row) => (store ? readCounts(store, row.accountId) : null))),
  ]);
  const details = new Map<string, RowDetails>();
  rows.forEach((row, i) => {
    const [expiry, next, summary, quotas] = replies.slice(i * PER_ROW, (i + 1) * PER_ROW);
    details.set(row.accountId, {
      tokenExpiresAt: typeof expiry === 'string' ? Number(expiry) : null,
      nextRunAt: typeof next === 'string' ? Number(next) : null,
      records: counts[i] ?? null,
      failureSummary: typeof summary === 'string' ? summary : null,
      quota: quotaLeft(quotas),
    });
  });
  return details;
}
