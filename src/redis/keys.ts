/**
 * Every Redis key this system writes outside BullMQ's own, built in one place under one
 * prefix (tests use a unique prefix each). Per-account and per-app keys carry their id
 * in a `{…}` hash tag so the keys one script touches share a Redis Cluster slot.
 *
 * On Cluster the queue prefix is a hash tag (`{wechat}`) so BullMQ's keys share a slot.
 * Redis hashes only the FIRST `{…}` of a key, so with that prefix kept every key below
 * would land in the queue's slot too. The braces are dropped here (`{wechat}` builds
 * `wechat:lock:{a1}`): per-account and per-app keys spread over the cluster, and no
 * script touches both a queue key and one of these.
 */
export class RedisKeys {
  /** The prefix without braces: what the keys below start with. */
  readonly base: string;

  constructor(readonly prefix: string) {
    if (!prefix) throw new Error('RedisKeys: prefix must not be empty');
    this.base = prefix.replace(/[{}]/g, '');
    if (!this.base) throw new Error('RedisKeys: prefix must not be only braces');
  }

  /** Cached `{access_token, expiresAt}` of one app. */
  token(appId: string): string {
    return `${this.base}:token:{${appId}}`;
  }

  /** Single-flight guard for one app's token refresh. */
  tokenRefresh(appId: string): string {
    return `${this.base}:token:{${appId}}:refresh`;
  }

  /** Pub/sub channel announcing that one app's token refresh finished. */
  tokenChannel(appId: string): string {
    return `${this.base}:token:{${appId}}:done`;
  }

  /** A failed refresh's error (its toJSON), kept briefly so processes waiting on that refresh rethrow it. */
  tokenError(appId: string): string {
    return `${this.base}:token:{${appId}}:error`;
  }

  /** Token fights of one app over the last day (sorted set by time, src/token/token-fight-log.ts). */
  tokenFights(appId: string): string {
    return `${this.base}:token:{${appId}}:fights`;
  }

  /** The app's forced-refresh budget today (hash: day, count, lastAt). */
  forceRefresh(appId: string): string {
    return `${this.base}:token:{${appId}}:force`;
  }

  /** Pacing of one app's WeChat data calls (the next free slot, see src/pacing). */
  appPacing(appId: string): string {
    return `${this.base}:pacing:{${appId}}`;
  }

  /** Per-account distributed lock (value: owner token). */
  lock(accountId: string): string {
    return `${this.base}:lock:{${accountId}}`;
  }

  /** Diagnostic info about the current lock holder (hash: owner, jobId, host, pid, since, fence). */
  lockHolder(accountId: string): string {
    return `${this.base}:lock:{${accountId}}:holder`;
  }

  /** SCAN pattern matching the holder hash of every account lock under this prefix. */
  lockHolderPattern(): string {
    return `${escapeGlob(this.base)}:lock:{*}:holder`;
  }

  /** The account id inside a key built by lockHolder(), or null for any other key. */
  accountIdFromLockHolder(key: string): string | null {
    const head = `${this.base}:lock:{`;
    const tail = '}:holder';
    if (key.length <= head.length + tail.length || !key.startsWith(head) || !key.endsWith(tail)) return null;
    return key.slice(head.length, -tail.length);
  }

  /** Fencing counter of one account, `INCR`ed on every lock acquisition. */
  fence(accountId: string): string {
    return `${this.base}:fence:{${accountId}}`;
  }

  /** Set while an account is blocked after a whitelist failure; holds the diagnostic. */
  block(accountId: string): string {
    return `${this.base}:block:{${accountId}}`;
  }

  /** Set while a whitelist-fault alert of one account was sent (one alert per block period). */
  alertSent(accountId: string): string {
    return `${this.base}:alert:{${accountId}}`;
  }

  /** Last failure diagnostic / last success of one account. */
  accountState(accountId: string): string {
    return `${this.base}:state:{${accountId}}`;
  }

  /** Synced data of one account under a given kind (articles, followers, …). */
  data(accountId: string, kind: string): string {
    return `${this.base}:data:{${accountId}}:${kind}`;
  }

  /**
   * Listing order of one account's synced records of a kind: a sorted set beside
   * data(accountId, kind), written by the same script, so it shares the `{accountId}` tag.
   */
  dataIndex(accountId: string, kind: string): string {
    return `${this.base}:data:{${accountId}}:${kind}:index`;
  }

  /**
   * Subscribed followers of one account, scored with the sync pass that last saw each
   * (sorted set beside data(accountId, 'followers'), written by the same scripts).
   */
  followersSeen(accountId: string): string {
    return `${this.base}:data:{${accountId}}:followers:seen`;
  }

  /** Sync state (checkpoint and last completed passes) of one account and kind. */
  checkpoint(accountId: string, kind: string): string {
    return `${this.base}:checkpoint:{${accountId}}:${kind}`;
  }

  /** Namespace of the token authority's per-client rate-limit counters (@fastify/rate-limit adds the client id). */
  rateLimitNamespace(): string {
    return `${this.base}:ratelimit:`;
  }

  /** Set for a while after a push of one account was taken, so WeChat's retries of it add nothing. */
  pushDedup(accountId: string, dedupId: string): string {
    return `${this.base}:push:{${accountId}}:seen:${dedupId}`;
  }

  /** Pushed events of one account not yet applied (a list, oldest first), drained by the push-events job. */
  pushPending(accountId: string): string {
    return `${this.base}:push:{${accountId}}:pending`;
  }

  /** Set (briefly) while a push-events job of the account is waiting (see PendingEvents). */
  pushJobFlag(accountId: string): string {
    return `${this.base}:push:{${accountId}}:job`;
  }

  /** WeChat's CreateTime of the last follower event applied, per openid (hash beside the followers data). */
  followerEventAt(accountId: string): string {
    return `${this.base}:data:{${accountId}}:followers:event-at`;
  }

  /** Stored analytics days of one account and datacube API (sorted set of YYYYMMDD, hash of figures). */
  analyticsDays(accountId: string, api: string): string {
    return `${this.base}:analytics:{${accountId}}:${api}:days`;
  }

  /** Figures of one account and datacube API per day (hash YYYY-MM-DD → JSON list). */
  analyticsFigures(accountId: string, api: string): string {
    return `${this.base}:analytics:{${accountId}}:${api}:figures`;
  }

  /** Days of one account and datacube API whose fetch failed, to be retried first (hash day → reason). */
  analyticsFailed(accountId: string, api: string): string {
    return `${this.base}:analytics:{${accountId}}:${api}:failed`;
  }

  /** Last `openapi/quota/get` answers of one account (hash cgi path → JSON). */
  apiQuota(accountId: string): string {
    return `${this.base}:quota:{${accountId}}`;
  }

  /**
   * A third-party platform's authorisations (hash: authorizer AppID → JSON record with the
   * refresh token). Never expires: losing it means every account re-authorises (or a
   * recovery from api_get_authorizer_list); the README's backup advice names it.
   */
  platformAuthorizations(platformId: string): string {
    return `${this.base}:platform:{${platformId}}:authorizations`;
  }

  /** A platform's last valid component_verify_ticket (hash: ticket, createdAt). Never expires. */
  platformTicket(platformId: string): string {
    return `${this.base}:platform:{${platformId}}:ticket`;
  }

  /**
   * The single-use guard of one authorisation code (value `pending` or `done:<authorizer
   * AppID>`, expiring with the code), so the `authorized` push and the admin's redirect
   * exchange it once. `codeDigest` is a hash of the code: the code itself is a credential.
   */
  platformAuthCode(platformId: string, codeDigest: string): string {
    return `${this.base}:platform:{${platformId}}:authcode:${codeDigest}`;
  }

  /** Pattern matching every key of this prefix (cleanup, diagnosis). */
  all(): string {
    return `${this.base}:*`;
  }
}

/** A prefix such as `{wechat}` is literal text, but `*?[]\\` would be wildcards in a SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
