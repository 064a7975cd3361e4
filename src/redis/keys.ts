/**
 * Every Redis key this system writes outside BullMQ's own, built in one place under one
 * prefix (tests use a unique prefix each). Per-account and per-app keys carry their id
 * in a `{…}` hash tag so the keys one script touches share a Redis Cluster slot.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {
    if (!prefix) throw new Error('RedisKeys: prefix must not be empty');
  }

  /** Cached `{access_token, expiresAt}` of one app. */
  token(appId: string): string {
    return `${this.prefix}:token:{${appId}}`;
  }

  /** Single-flight guard for one app's token refresh. */
  tokenRefresh(appId: string): string {
    return `${this.prefix}:token:{${appId}}:refresh`;
  }

  /** Pub/sub channel announcing that one app's token refresh finished. */
  tokenChannel(appId: string): string {
    return `${this.prefix}:token:{${appId}}:done`;
  }

  /** A failed refresh's error (its toJSON), kept briefly so processes waiting on that refresh rethrow it. */
  tokenError(appId: string): string {
    return `${this.prefix}:token:{${appId}}:error`;
  }

  /** Pacing of one app's WeChat data calls (the next free slot, see src/pacing). */
  appPacing(appId: string): string {
    return `${this.prefix}:pacing:{${appId}}`;
  }

  /** Per-account distributed lock (value: owner token). */
  lock(accountId: string): string {
    return `${this.prefix}:lock:{${accountId}}`;
  }

  /** Diagnostic info about the current lock holder (hash: owner, jobId, host, pid, since, fence). */
  lockHolder(accountId: string): string {
    return `${this.prefix}:lock:{${accountId}}:holder`;
  }

  /** SCAN pattern matching the holder hash of every account lock under this prefix. */
  lockHolderPattern(): string {
    return `${escapeGlob(this.prefix)}:lock:{*}:holder`;
  }

  /** The account id inside a key built by lockHolder(), or null for any other key. */
  accountIdFromLockHolder(key: string): string | null {
    const head = `${this.prefix}:lock:{`;
    const tail = '}:holder';
    if (key.length <= head.length + tail.length || !key.startsWith(head) || !key.endsWith(tail)) return null;
    return key.slice(head.length, -tail.length);
  }

  /** Fencing counter of one account, `INCR`ed on every lock acquisition. */
  fence(accountId: string): string {
    return `${this.prefix}:fence:{${accountId}}`;
  }

  /** Set while an account is blocked after a whitelist failure; holds the diagnostic. */
  block(accountId: string): string {
    return `${this.prefix}:block:{${accountId}}`;
  }

  /** Set while a whitelist-fault alert of one account was sent (one alert per block period). */
  alertSent(accountId: string): string {
    return `${this.prefix}:alert:{${accountId}}`;
  }

  /** Last failure diagnostic / last success of one account. */
  accountState(accountId: string): string {
    return `${this.prefix}:state:{${accountId}}`;
  }

  /** Synced data of one account under a given kind (articles, followers, …). */
  data(accountId: string, kind: string): string {
    return `${this.prefix}:data:{${accountId}}:${kind}`;
  }

  /**
   * Listing order of one account's synced records of a kind: a sorted set beside
   * data(accountId, kind), written by the same script, so it shares the `{accountId}` tag.
   */
  dataIndex(accountId: string, kind: string): string {
    return `${this.prefix}:data:{${accountId}}:${kind}:index`;
  }

  /**
   * Subscribed followers of one account, scored with the sync pass that last saw each
   * (sorted set beside data(accountId, 'followers'), written by the same scripts).
   */
  followersSeen(accountId: string): string {
    return `${this.prefix}:data:{${accountId}}:followers:seen`;
  }

  /** Sync state (checkpoint and last completed passes) of one account and kind. */
  checkpoint(accountId: string, kind: string): string {
    return `${this.prefix}:checkpoint:{${accountId}}:${kind}`;
  }

  /** Pattern matching every key of this prefix (cleanup, diagnosis). */
  all(): string {
    return `${this.prefix}:*`;
  }
}

/** A prefix such as `{wechat}` is literal text, but `*?[]\\` would be wildcards in a SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
