/**
 * A process waited `waitedMs` for another process's refresh of this app's token and got
 * neither a token nor that refresh's error. Usually the other process is stuck or died
 * holding the refresh guard; the guard expires by itself, so a later attempt succeeds.
 */
export class TokenWaitTimeoutError extends Error {
  override readonly name = 'TokenWaitTimeoutError' as const;
  /** Nothing is wrong with the app's configuration: retry the job with backoff. */
  readonly retry = 'backoff' as const;
  readonly code = 'TOKEN_WAIT_TIMEOUT' as const;
  readonly appId: string;
  readonly waitedMs: number;

  constructor(data: { appId: string; waitedMs: number }) {
    super(
      `Gave up after ${data.waitedMs} ms waiting for another process to refresh the access token of ${data.appId}; ` +
        'its refresh guard is still held (it expires on its own if that process died)',
    );
    this.appId = data.appId;
    this.waitedMs = data.waitedMs;
  }

  toJSON(): Record<string, unknown> {
    const { name, message, retry, code, appId, waitedMs } = this;
    return { name, message, retry, code, appId, waitedMs };
  }
}
