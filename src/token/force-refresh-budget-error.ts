/**
 * A forced stable_token refresh was not sent: it would break WeChat's limits (20 a day per
 * app, 30 s apart), counted across every process of this deployment. Sending it anyway
 * would burn the day's budget or, within 30 s, get the same token back (WeChat answers a
 * force that comes too soon with the current token and no error).
 */
export class ForceRefreshBudgetError extends Error {
  override readonly name = 'ForceRefreshBudgetError' as const;
  /** Try again once the budget allows: the next China-time midnight or the end of the spacing. */
  readonly retry = 'after' as const;
  readonly code = 'FORCE_REFRESH_BUDGET' as const;
  readonly appId: string;
  readonly reason: 'daily' | 'spacing';
  /** Epoch ms from which a forced refresh is allowed again. */
  readonly retryAt: number;

  constructor(data: {
    appId: string;
    reason: 'daily' | 'spacing';
    retryAt: number;
    dailyLimit: number;
    spacingMs: number;
  }) {
    super(
      data.reason === 'daily'
        ? `Forced token refresh of ${data.appId} refused: the ${data.dailyLimit} forced refreshes WeChat allows a day are used up; allowed again at ${new Date(data.retryAt).toISOString()}`
        : `Forced token refresh of ${data.appId} refused: the previous one was less than ${data.spacingMs / 1000} s ago; allowed again at ${new Date(data.retryAt).toISOString()}`,
    );
    this.appId = data.appId;
    this.reason = data.reason;
    this.retryAt = data.retryAt;
  }

  toJSON(): Record<string, unknown> {
    const { name, message, retry, code, appId, reason, retryAt } = this;
    return { name, message, retry, code, appId, reason, retryAt };
  }
}
