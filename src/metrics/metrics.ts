/**
 * What the pipeline reports about itself. Deep code (processor, WeChat client, token
 * cache) records through this small interface, handed in as a dependency, so it never
 * reaches a global registry and tests that do not care pass nothing (NO_METRICS).
 * Labels never carry a secret or a token: account ids, app endpoints, codes and IPs only.
 */
export interface Metrics {
  /** A job run ended: `outcome` is `completed`, a failure code, `LOCK_BUSY` or a retryable error code. */
  jobOutcome(outcome: string, durationMs: number, final: boolean): void;
  /** One token call to WeChat: `errcode` null on success or when WeChat never answered. */
  tokenFetch(ok: boolean, errcode: number | null): void;
  /** A token lookup served from the cache (hit) or needing a refresh (miss). */
  tokenLookup(hit: boolean): void;
  /** WeChat refused an account's egress IP (40164). */
  whitelistFailure(accountId: string, ip: string | null): void;
  /** A job found its account locked and went back to delayed. */
  lockBusy(): void;
  /** One WeChat HTTP call: `outcome` is `ok` or the error's code (e.g. `TRANSIENT`). */
  wechatCall(endpoint: string, outcome: string): void;
  /** Another system refreshed this app's token under us (40001 "not latest" on a fresh cached token). */
  tokenFight(appId: string): void;
  /** The token authority handed a token to a client: `via` is `read` or `refresh`. */
  tokenIssued(clientId: string, appId: string, via: 'read' | 'refresh'): void;
}

const noop = (): void => {};

/** Records nothing: the default wherever metrics are optional. */
export const NO_METRICS: Metrics = {
  jobOutcome: noop,
  tokenFetch: noop,
  tokenLookup: noop,
  whitelistFailure: noop,
  lockBusy: noop,
  wechatCall: noop,
  tokenFight: noop,
  tokenIssued: noop,
};
