/*
 * What to do about a token fight (src/token/token-fight.ts): another system of the
 * organisation refreshes this app's token and knocks ours out (40001 "not latest").
 */
export function tokenFightRemedy(
  accountId: string,
  appId: string,
  count: number,
  authorityOn: boolean,
): string[] {
  return [
    `Another system refreshed the access token of account ${accountId} (AppID ${appId}) ${count} time(s) in the last 24 h, invalidating the token this deployment held (WeChat 40001 "not latest").`,
    authorityOn
      ? `Move that system onto this token authority: it reads the token with GET /official-api/wechat/apps/${appId}/token and reports a rejected one with POST …/token/refresh (README, "Token authority").`
      : `Move that system onto this deployment's token authority (set TOKEN_CLIENTS_FILE, README "Token authority"), so it reads tokens instead of fetching its own.`,
    'If it must keep fetching, have it use /cgi-bin/stable_token without force_refresh: stable tokens of one app do not invalidate each other.',
  ];
}
