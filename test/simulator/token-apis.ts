import { faultAnswer, recorded, rid, seenIp } from './app-call.js';
import type { AppState } from './app-state.js';
import type { SimErrcode } from './error-messages.js';
import { errorReply, jsonReply, type Reply } from './reply.js';
import { parseJsonBody, pause, type SimRequest } from './request.js';
import { makeHint } from './rid.js';
import type { SimulatorState } from './state.js';
import { forceStableToken, type GrantedToken, grantClientToken, grantStableToken } from './tokens.js';
import { whitelistMessage } from './whitelist-message.js';

export const TOKEN_PATH = '/cgi-bin/token';
export const STABLE_TOKEN_PATH = '/cgi-bin/stable_token';

interface TokenParams {
  grantType: unknown;
  appId: unknown;
  secret: unknown;
  forceRefresh: boolean;
}

/** `/cgi-bin/token` takes query parameters, `/cgi-bin/stable_token` a JSON body. */
function readParams(req: SimRequest): TokenParams | { errcode: 44002 | 47001 } {
  if (req.path === TOKEN_PATH) {
    const q = req.query;
    return {
      grantType: q.get('grant_type'),
      appId: q.get('appid'),
      secret: q.get('secret'),
      forceRefresh: false,
    };
  }
  const body = parseJsonBody(req.rawBody);
  if (!body.ok) return { errcode: body.errcode };
  const { grant_type, appid, secret, force_refresh } = body.value;
  return { grantType: grant_type, appId: appid, secret, forceRefresh: force_refresh === true };
}

const present = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Both token endpoints. Checks in the order WeChat was seen to use (wechat-api.md):
 * appid, secret, IP whitelist, daily quota; a missing field is reported as missing
 * (41002/41004) where an unknown one would be invalid (40013/40125).
 */
export async function handleTokenCall(state: SimulatorState, req: SimRequest): Promise<Reply> {
  const params = readParams(req);
  if ('errcode' in params) return errorReply(params.errcode, rid(state));
  if (!present(params.appId)) return errorReply(41002, rid(state));
  const app = state.app(params.appId);
  if (app === undefined) return errorReply(40013, rid(state));
  app.stats.tokenCall(req.path);
  const faulted = await faultAnswer(state, app, req, null);
  if (faulted !== null) return recorded(app, faulted);
  await pause(app.config.tokenLatencyMs, req.signal);
  return recorded(app, grantChecked(state, app, req, params));
}

function grantChecked(state: SimulatorState, app: AppState, req: SimRequest, params: TokenParams): Reply {
  const refuse = (errcode: SimErrcode) => errorReply(errcode, rid(state));
  if (params.grantType !== 'client_credential') return refuse(40002);
  if (!present(params.secret)) return refuse(41004);
  if (params.secret !== app.config.secret) return refuse(40125);
  const ip = seenIp(state, app, req);
  const { whitelist } = app.config;
  if (whitelist !== null && !whitelist.includes(ip)) {
    const errmsg = whitelistMessage({
      shape: app.config.ipErrorShape,
      ip,
      rid: rid(state),
      hint: makeHint(),
    });
    return jsonReply({ errcode: 40164, errmsg });
  }
  const now = state.clock.now();
  if (!app.quotas.take(req.path, now)) return refuse(45009);
  const granted = grant(app, req.path, params.forceRefresh, now);
  if ('errcode' in granted) return refuse(granted.errcode);
  if (granted.issued) app.stats.tokenIssued();
  return jsonReply({ access_token: granted.token, expires_in: granted.expiresInSec });
}

function grant(
  app: AppState,
  path: string,
  forceRefresh: boolean,
  now: number,
): GrantedToken | { errcode: 45009 | 45011 } {
  const { tokenTtlMs, tokenOverlapMs } = app.config;
  if (path === TOKEN_PATH) return grantClientToken(app.tokens, now, tokenTtlMs, tokenOverlapMs);
  if (!forceRefresh) return grantStableToken(app.tokens, now, tokenTtlMs);
  const refusal = app.forceRefresh.refusal(now);
  // Too soon after the previous force, WeChat renews nothing and answers the current token
  // without an error (wechat-api.md, Tokens); the 45011 of older notes is a switch.
  if (refusal === 45011 && app.config.forceRefreshTooSoon === 'current-token') {
    return grantStableToken(app.tokens, now, tokenTtlMs);
  }
  if (refusal !== null) return { errcode: refusal };
  app.forceRefresh.record(now);
  return forceStableToken(app.tokens, now, tokenTtlMs);
}
