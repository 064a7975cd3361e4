import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { RedisKeys } from '../redis/keys.js';
import type { AccessToken, IssuedToken } from '../wechat/access-token.js';
import { errorFromJson, TokenNotRenewedError, WeChatError } from '../wechat/errors/index.js';
import type { TokenApp } from './token-app.js';
import type { ResolvedTokenCacheOptions } from './token-cache-options.js';
import {
  decodeTokenRecord,
  encodeTokenRecord,
  holdsToken,
  isFresh,
  recordTtlMs,
  type TokenRecord,
} from './token-cache-record.js';
import { type TokenCacheCommands, tokenCacheCommands } from './token-cache-scripts.js';
import type { ChannelWatch, RefreshSignals } from './token-cache-signals.js';
import { TokenWaitTimeoutError } from './token-wait-timeout-error.js';

/** WeChat's minimum spacing of forced stable_token refreshes (wechat-api.md, Tokens). */
const FORCE_REFRESH_SPACING_MS = 30_000;

/**
 * The Redis side of the token cache: reading records, and the cross-process single
 * flight. Whoever takes an app's refresh guard re-reads the cache (silenceper and
 * Senparc do the same after their lock), fetches, stores the outcome and announces it;
 * everyone else waits for that announcement, re-checking on a timer since pub/sub may
 * drop it, and takes the guard over if its holder died.
 */
export class TokenRefresher {
  readonly #opts: ResolvedTokenCacheOptions;
  readonly #keys: RedisKeys;
  readonly #commands: TokenCacheCommands;
  readonly #signals: RefreshSignals;
  readonly #log: Logger;

  constructor(opts: ResolvedTokenCacheOptions, signals: RefreshSignals, log: Logger) {
    this.#opts = opts;
    this.#keys = opts.keys;
    this.#commands = tokenCacheCommands(opts.redis);
    this.#signals = signals;
    this.#log = log;
  }

  async read(appId: string): Promise<TokenRecord | null> {
    const raw = await this.#opts.redis.get(this.#keys.token(appId));
    const record = decodeTokenRecord(raw);
    if (raw !== null && !record) this.#log.warn({ appId }, 'unreadable cached token record; refetching');
    return record;
  }

  /** Whether `record` can be handed out: fresh, and not the token a caller just saw rejected. */
  usable(record: TokenRecord | null, rejected: AccessToken | null): record is TokenRecord {
    const { now, refreshMarginMs } = this.#opts;
    return record !== null && isFresh(record, now(), refreshMarginMs) && !holdsToken(record, rejected);
  }

  async invalidate(appId: string, token: AccessToken): Promise<boolean> {
    return (await this.#commands.tokenCacheInvalidate(this.#keys.token(appId), token.reveal())) === 1;
  }

  /** Refresh under the app's Redis guard, or wait for whoever holds it and take their outcome. */
  async refresh(app: TokenApp, rejected: AccessToken | null): Promise<IssuedToken> {
    const started = performance.now();
    let watch: ChannelWatch | null = null;
    try {
      for (;;) {
        const owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
        if (await this.#acquire(app.appId, owner)) return await this.#refreshAsOwner(app, rejected, owner);
        // Subscribe only once we lost; the guard holder may have announced its outcome
        // before the subscription took effect, so look for it before the first wait.
        if (watch) await this.#wait(app.appId, watch, started);
        else watch = await this.#signals.watch(this.#keys.tokenChannel(app.appId));
        const outcome = await this.#outcome(app.appId, rejected);
        if (outcome) return outcome;
      }
    } finally {
      watch?.stop();
    }
  }

  async #acquire(appId: string, owner: string): Promise<boolean> {
    const guard = this.#keys.tokenRefresh(appId);
    const errorKey = this.#keys.tokenError(appId);
    return (
      (await this.#commands.tokenCacheAcquireRefresh(guard, errorKey, owner, this.#opts.refreshLockTtlMs)) ===
      1
    );
  }

  /** One wait for the guard holder's announcement, or the re-check timer, within waitTimeoutMs. */
  async #wait(appId: string, watch: ChannelWatch, started: number): Promise<void> {
    const waitedMs = Math.round(performance.now() - started);
    const left = this.#opts.waitTimeoutMs - waitedMs;
    if (left <= 0) throw new TokenWaitTimeoutError({ appId, waitedMs });
    const reason = await watch.next(Math.min(this.#opts.recheckIntervalMs, left));
    if (reason === 'closed') throw new Error(`TokenCache closed while waiting for the token of ${appId}`);
  }

  /**
   * The outcome of the refresh we waited on: the token it cached, or its error rethrown
   * as the same class. Any stored error is that refresh's (or a later one's): taking the
   * guard deletes the previous error. Null when there is neither yet (still running, or
   * its holder died: the caller tries the guard again).
   */
  async #outcome(appId: string, rejected: AccessToken | null): Promise<IssuedToken | null> {
    const record = await this.read(appId);
    if (this.usable(record, rejected)) return record;
    const failure = await this.#readFailure(appId);
    if (failure) throw failure;
    return null;
  }

  async #refreshAsOwner(app: TokenApp, rejected: AccessToken | null, owner: string): Promise<IssuedToken> {
    let settled = false;
    try {
      // Another process may have refreshed between our cache read and taking the guard.
      const record = await this.read(app.appId);
      if (this.usable(record, rejected)) return record;
      let issued: IssuedToken;
      try {
        issued = await this.#fetch(app, rejected);
      } catch (err) {
        settled = await this.#shareFailure(app.appId, owner, err);
        throw err;
      }
      settled = await this.#store(app.appId, owner, issued);
      return issued;
    } finally {
      if (!settled) await this.#release(app.appId, owner);
    }
  }

  async #fetch(app: TokenApp, rejected: AccessToken | null): Promise<IssuedToken> {
    const issued = await this.#opts.source.fetch(app, false);
    if (!rejected || !issued.token.equals(rejected)) return issued;
    // stable_token answers a normal call with the token WeChat considers current, which
    // can be the one a data API just refused (expired early, or invalidated by a
    // /cgi-bin/token call elsewhere). Only then force a new one: WeChat allows 20 forced
    // refreshes a day, 30 s apart, so forcing on every rejection would exhaust them.
    this.#log.warn({ appId: app.appId }, 'WeChat handed back the rejected token; forcing a refresh');
    const forced = await this.#opts.source.fetch(app, true);
    if (!forced.token.equals(rejected)) return forced;
    // A force less than 30 s after the previous one renews nothing and answers the current
    // token without an error. Forcing again would loop on the same answer, and caching it
    // would hand every caller a token just refused: fail this attempt, and share the
    // failure so the processes waiting on this refresh do not force again either.
    throw new TokenNotRenewedError({
      errcode: null,
      errmsg: 'stable_token force_refresh answered the token a data API had just rejected',
      rid: null,
      appId: app.appId,
      endpoint: '/cgi-bin/stable_token',
      retryAt: this.#opts.now() + FORCE_REFRESH_SPACING_MS,
    });
  }

  /** Caches the token, releases the guard and wakes the waiters. Returns whether the guard is settled. */
  async #store(appId: string, owner: string, issued: IssuedToken): Promise<boolean> {
    const fetchedAt = this.#opts.now();
    const ttlMs = recordTtlMs(issued.expiresAt, fetchedAt);
    if (ttlMs === 0) return false;
    const stored = await this.#commands.tokenCacheFinishRefresh(
      this.#keys.tokenRefresh(appId),
      this.#keys.token(appId),
      owner,
      encodeTokenRecord(issued, fetchedAt),
      ttlMs,
      this.#keys.tokenChannel(appId),
    );
    if (stored === 1) this.#log.debug({ appId, expiresAt: issued.expiresAt }, 'token refreshed');
    else this.#log.warn({ appId }, 'token refresh outlived its guard; not caching its token');
    return true;
  }

  /**
   * Announces a WeChat error to the processes waiting on this refresh. Anything else
   * (a bug, Redis trouble) is this process's own: the guard is just released and the
   * waiters try themselves. Never throws over the refresh's error.
   */
  async #shareFailure(appId: string, owner: string, err: unknown): Promise<boolean> {
    if (!(err instanceof WeChatError)) return false;
    try {
      await this.#commands.tokenCacheFinishRefresh(
        this.#keys.tokenRefresh(appId),
        this.#keys.tokenError(appId),
        owner,
        JSON.stringify(err),
        this.#opts.failureTtlMs,
        this.#keys.tokenChannel(appId),
      );
    } catch (redisErr) {
      this.#log.warn({ appId, err: redisErr }, 'could not share the failed token refresh');
    }
    return true;
  }

  /** Best effort: an unreleased guard expires after refreshLockTtlMs anyway. */
  async #release(appId: string, owner: string): Promise<void> {
    const channel = this.#keys.tokenChannel(appId);
    try {
      await this.#commands.tokenCacheReleaseRefresh(this.#keys.tokenRefresh(appId), owner, channel);
    } catch (err) {
      this.#log.warn({ appId, err }, 'could not release the token refresh guard');
    }
  }

  async #readFailure(appId: string): Promise<WeChatError | null> {
    const raw = await this.#opts.redis.get(this.#keys.tokenError(appId));
    if (raw === null) return null;
    try {
      return errorFromJson(JSON.parse(raw));
    } catch (err) {
      this.#log.warn({ appId, err }, 'unreadable shared token refresh error; ignoring it');
      return null;
    }
  }
}
