import { faultAnswer, recorded, rid } from './app-call.js';
import type { AppState } from './app-state.js';
import type { DataEndpoint } from './data-apis.js';
import { platformWhitelistRefusal } from './platform-apis.js';
import { errorReply, jsonReply, type Reply } from './reply.js';
import { parseJsonBody, pause, type SimRequest } from './request.js';
import type { SimulatorState } from './state.js';

/**
 * A token-bearing call. The token names the app (tokens are per app); from there the
 * call is counted, may hit a fault, takes the app's latency, and only then is the token
 * checked against the sim clock, so a token that expires while the call waits fails.
 * An authorizer token (a platform's, for this account) is then checked against the
 * platform's IP whitelist (61004), as WeChat does for calls made through a platform.
 */
export async function handleDataCall(
  state: SimulatorState,
  req: SimRequest,
  endpoint: DataEndpoint,
): Promise<Reply> {
  const token = req.query.get('access_token') ?? '';
  if (token === '') return errorReply(41001, rid(state));
  const app = state.appForToken(token);
  if (app === undefined) return errorReply(40001, rid(state));
  const finished = app.stats.dataCallStarted(req.path);
  try {
    const faulted = await faultAnswer(state, app, req, token);
    if (faulted !== null) return recorded(app, faulted);
    await pause(app.config.latencyMs, req.signal);
    return recorded(app, answer(state, app, req, endpoint, token));
  } finally {
    finished();
  }
}

function answer(
  state: SimulatorState,
  app: AppState,
  req: SimRequest,
  endpoint: DataEndpoint,
  token: string,
): Reply {
  const now = state.clock.now();
  const check = app.tokens.check(token, now);
  if (!check.ok) return errorReply(check.errcode, rid(state));
  // A token a platform got for the account: the whitelist checked is the PLATFORM's.
  const issuer = app.tokens.get(token)?.issuer;
  const platform = issuer === undefined ? undefined : state.platform(issuer);
  if (platform !== undefined) {
    const refusal = platformWhitelistRefusal(state, platform, req.socketIp);
    if (refusal !== null) return refusal;
  }
  if (!app.quotas.take(req.path, now)) return errorReply(45009, rid(state));
  let body: Record<string, unknown> = {};
  if (endpoint.jsonBody) {
    const parsed = parseJsonBody(req.rawBody);
    if (!parsed.ok) return errorReply(parsed.errcode, rid(state));
    body = parsed.value;
  }
  const result = endpoint.handle(app, { query: req.query, body, now });
  return 'ok' in result ? jsonReply(result.ok) : errorReply(result.errcode, rid(state));
}
