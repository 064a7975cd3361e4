import type { ForceRefreshBudget } from './force-refresh-budget.js';
import type { TokenSource } from './token-source.js';

/**
 * A stable_token source whose forced calls are first taken from the app's budget; a call
 * the budget refuses is never sent (ForceRefreshBudgetError). Normal calls pass straight
 * through. Only for the `stable` endpoint: `/cgi-bin/token` has no forced mode.
 */
export function budgetedTokenSource(
  source: TokenSource,
  budget: Pick<ForceRefreshBudget, 'take'>,
): TokenSource {
  return {
    async fetch(app, forceRefresh) {
      if (forceRefresh) await budget.take(app.appId);
      return source.fetch(app, forceRefresh);
    },
  };
}
