import type { Logger } from 'pino';
import { rememberSecret } from '../log/secret-registry.js';
import type { AccessToken, IssuedToken } from '../wechat/access-token.js';
import { TokenInvalidError } from '../wechat/errors/index.js';
import type { TokenApp } from './token-app.js';
import { resolveTokenCacheOptions, type TokenCacheOptions } from './token-cache-options.js';
import { TokenRefresher } from './token-cache-refresher.js';
import { RefreshSignals } from './token-cache-signals.js';
import { detectTokenFight, type TokenFight } from './token-fight.js';

export { TOKEN_CACHE_DEFAULTS, type TokenCacheOptions } from './token-cache-options.js';

/**
 * Access tokens of many apps, cached in Redis and shared by every process. A token is
 * refreshed a margin before it expires, by one caller at a time: one in-flight promise
 * per app inside a process (as google-auth-library does), and a Redis guard across
 * processes whose holder announces the outcome, a token or WeChat's error, to the
 * others (see TokenRefresher). The token leaves only as an AccessToken, which prints
 * as `[redacted]`.
 */
export class TokenCache {
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #onLookup: (hit: boolean) => void;
  readonly #onTokenFight: (fight: TokenFight) => void;
  readonly #refreshMarginMs: number;
  readonly #signals: RefreshSignals;
  readonly #refresher: TokenRefresher;
  readonly #inflight = new Map<string, Promise<IssuedToken>>();
  #closing: Promise<void> | null = null;

  constructor(opts: TokenCacheOptions) {
    const resolved = resolveTokenCacheOptions(opts);
    this.#now = resolved.now;
    // The caller binds context (services.ts adds `component`), as for every long-lived object.
    this.#log = resolved.logger;
    this.#onLookup = resolved.onLookup;
    this.#onTokenFight = resolved.onTokenFight;
    this.#refreshMarginMs = resolved.refreshMarginMs;
    this.#signals = new RefreshSignals(resolved.redis, this.#log);
    this.#refresher = new TokenRefresher(resolved, this.#signals, this.#log);
  }

  /** The app's token: the cached one while fresh, else the outcome of a (shared) refresh. */
  async get(app: TokenApp): Promise<AccessToken> {
    return (await this.#getAvoiding(app, null)).token;
  }

  /** The app's token with its expiry, as get() finds it (the token authority's answer). */
  async issued(app: TokenApp): Promise<IssuedToken> {
    return this.#getAvoiding(app, null);
  }

  /**
   * Passive refresh (WeChat's advice for a central token server; chanxuehong/wechat's
   * `RefreshToken(currentToken)`): a caller saw `rejected` refused. If it is still the
   * cached token it is dropped and refreshed, in the same single flight as every other
   * refresh; if the cache already holds another fresh token, that one comes back at once
   * without calling WeChat.
   */
  async refreshRejected(app: TokenApp, rejected: AccessToken): Promise<IssuedToken> {
    await this.#refresher.invalidate(app.appId, rejected);
    return this.#getAvoiding(app, rejected);
  }

  /**
   * Runs fn with the app's token; on TokenInvalidError drops that token (only if still
   * cached) and retries fn once with a fresh one. A second rejection is thrown.
   */
  async withToken<T>(app: TokenApp, fn: (token: AccessToken) => Promise<T>): Promise<T> {
    const token = await this.get(app);
    try {
      return await fn(token);
    } catch (err) {
      if (!(err instanceof TokenInvalidError)) throw err;
      await this.#watchForFight(app.appId, token, err);
      this.#log.debug(
        { appId: app.appId, errcode: err.errcode },
        'token rejected; refreshing and retrying once',
      );
      await this.invalidate(app.appId, token);
      // A normal refresh first, forced only if WeChat hands back the rejected token (see TokenRefresher).
      return fn((await this.#getAvoiding(app, token)).token);
    }
  }

  /** Compare-and-delete: removes the cached token only if it is still `token`. Returns whether it removed it. */
  async invalidate(appId: string, token: AccessToken): Promise<boolean> {
    const removed = await this.#refresher.invalidate(appId, token);
    this.#log.debug({ appId, removed }, 'token invalidated');
    return removed;
  }

  /** Reports a token fight when this rejection is one (see detectTokenFight); never throws over the rejection. */
  async #watchForFight(appId: string, token: AccessToken, err: TokenInvalidError): Promise<void> {
    if (err.errcode !== 40001) return;
    try {
      const fight = detectTokenFight(
        err,
        await this.#refresher.read(appId),
        token,
        this.#now(),
        this.#refreshMarginMs,
      );
      if (!fight) return;
      this.#log.warn(
        { appId, remainingMs: fight.remainingMs, rid: fight.rid },
        "token fight: WeChat says our fresh token is not the latest; another system refreshed this app's token",
      );
      this.#onTokenFight(fight);
    } catch (readErr) {
      this.#log.warn({ appId, err: readErr }, 'could not check the rejected token for a token fight');
    }
  }

  /** What diagnosis may show without revealing the token. */
  async peek(appId: string): Promise<{ cached: boolean; expiresAt: number | null }> {
    const record = await this.#refresher.read(appId);
    if (!record) return { cached: false, expiresAt: null };
    return { cached: record.expiresAt > this.#now(), expiresAt: record.expiresAt };
  }

  /**
   * Ends waits in progress (they reject) and closes the subscriber connection; the
   * command connection belongs to the caller. Safe to call twice.
   */
  close(): Promise<void> {
    this.#closing ??= this.#signals.close();
    return this.#closing;
  }

  /** A fresh token that is not `rejected` (one WeChat just refused), from the cache or a refresh. */
  async #getAvoiding(app: TokenApp, rejected: AccessToken | null): Promise<IssuedToken> {
    if (this.#closing) throw new Error('TokenCache is closed');
    const record = await this.#refresher.read(app.appId);
    const hit = this.#refresher.usable(record, rejected);
    this.#onLookup(hit);
    const issued = hit ? record : await this.#refresh(app, rejected);
    // Any log line of this process that ever quotes this token gets it scrubbed (src/log).
    rememberSecret(issued.token.reveal());
    return issued;
  }

  /** In-process single flight: callers join the app's running refresh instead of starting another. */
  async #refresh(app: TokenApp, rejected: AccessToken | null): Promise<IssuedToken> {
    for (let running = this.#inflight.get(app.appId); running; running = this.#inflight.get(app.appId)) {
      const issued = await running;
      // A refresh started without knowing of `rejected` may have brought back that very token.
      if (!rejected || !issued.token.equals(rejected)) return issued;
    }
    const flight = this.#refresher.refresh(app, rejected).finally(() => {
      if (this.#inflight.get(app.appId) === flight) this.#inflight.delete(app.appId);
    });
    this.#inflight.set(app.appId, flight);
    return flight;
  }
}
