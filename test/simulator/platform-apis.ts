import { rid } from './app-call.js';
import type { AppState } from './app-state.js';
import { errorBody, type SimErrcode } from './error-messages.js';
import { faultReply } from './fault-replies.js';
import type { Authorization, PlatformState } from './platform-state.js';
import { errorReply, jsonReply, type Reply, statsKeyOf } from './reply.js';
import { parseJsonBody, pause, type SimRequest } from './request.js';
import type { SimulatorState } from './state.js';

/*
 * WeChat's third-party platform (component) endpoints. Checks, in order:
 * - api_component_token: body (44002 / 47001), component_appid missing 41002 / unknown
 *   40013, faults, component_appsecret missing 41004 / wrong 40125, the platform's IP
 *   whitelist 61004, component_verify_ticket unknown 61006 / older than its 12 h 61005.
 * - the others: component_access_token missing 41001 / unknown 40001, faults, expired
 *   42001, the platform's whitelist 61004, body 44002 / 47001, component_appid not the
 *   token's platform 40013, a required field missing or mistyped 47001, then the
 *   endpoint's own checks (61009 / 61010 auth code, 61003 / 61023 authorisation).
 */

export const COMPONENT_TOKEN_PATH = '/cgi-bin/component/api_component_token';

type Body = Record<string, unknown>;
type Handler = (state: SimulatorState, platform: PlatformState, body: Body, now: number) => Reply;

const COMPONENT_CALLS = new Map<string, Handler>([
  ['/cgi-bin/component/api_create_preauthcode', createPreAuthCode],
  ['/cgi-bin/component/api_query_auth', queryAuth],
  ['/cgi-bin/component/api_authorizer_token', authorizerToken],
  ['/cgi-bin/component/api_get_authorizer_info', authorizerInfo],
  ['/cgi-bin/component/api_get_authorizer_list', authorizerList],
]);

/** Whether `path` is one of the six component endpoints. */
export function isComponentPath(path: string): boolean {
  return path === COMPONENT_TOKEN_PATH || COMPONENT_CALLS.has(path);
}

/** The IP WeChat sees for a platform's calls: its `egressIp`, else the global one, else the socket's. */
export function platformIp(state: SimulatorState, platform: PlatformState, socketIp: string): string {
  return platform.config.egressIp ?? state.globalEgressIp ?? socketIp;
}

/** 61004 when the platform's whitelist is on and does not hold the IP seen; else null. */
export function platformWhitelistRefusal(
  state: SimulatorState,
  platform: PlatformState,
  socketIp: string,
): Reply | null {
  const { whitelist } = platform.config;
  const ip = platformIp(state, platform, socketIp);
  if (whitelist === null || whitelist.includes(ip)) return null;
  return jsonReply(errorBody(61004, rid(state), ip));
}

/** Routes a component call; the caller has checked `isComponentPath`. */
export async function handleComponentCall(state: SimulatorState, req: SimRequest): Promise<Reply> {
  if (req.path === COMPONENT_TOKEN_PATH) return componentToken(state, req);
  const handler = COMPONENT_CALLS.get(req.path);
  if (handler === undefined) throw new Error(`not a component path: ${req.path}`);
  const token = req.query.get('component_access_token') ?? '';
  if (token === '') return errorReply(41001, rid(state));
  const platform = state.platformForToken(token);
  if (platform === undefined) return errorReply(40001, rid(state));
  platform.countCall(req.path);
  const faulted = await platformFault(state, platform, req);
  if (faulted !== null) return counted(platform, faulted);
  const refuse = (errcode: SimErrcode) => counted(platform, errorReply(errcode, rid(state)));
  const now = state.clock.now();
  const check = platform.componentTokens.check(token, now);
  if (!check.ok) return refuse(check.errcode);
  const ipRefusal = platformWhitelistRefusal(state, platform, req.socketIp);
  if (ipRefusal !== null) return counted(platform, ipRefusal);
  const body = parseJsonBody(req.rawBody);
  if (!body.ok) return refuse(body.errcode);
  if (body.value.component_appid !== platform.componentAppId) return refuse(40013);
  return counted(platform, handler(state, platform, body.value, now));
}

async function componentToken(state: SimulatorState, req: SimRequest): Promise<Reply> {
  const body = parseJsonBody(req.rawBody);
  if (!body.ok) return errorReply(body.errcode, rid(state));
  const { component_appid: id, component_appsecret: secret, component_verify_ticket: ticket } = body.value;
  if (typeof id !== 'string' || id === '') return errorReply(41002, rid(state));
  const platform = state.platform(id);
  if (platform === undefined) return errorReply(40013, rid(state));
  platform.countCall(req.path);
  platform.countComponentTokenCall();
  const faulted = await platformFault(state, platform, req);
  if (faulted !== null) return counted(platform, faulted);
  const refuse = (errcode: SimErrcode) => counted(platform, errorReply(errcode, rid(state)));
  if (typeof secret !== 'string' || secret === '') return refuse(41004);
  if (secret !== platform.config.secret) return refuse(40125);
  const ipRefusal = platformWhitelistRefusal(state, platform, req.socketIp);
  if (ipRefusal !== null) return counted(platform, ipRefusal);
  const now = state.clock.now();
  const ticketCheck = platform.checkTicket(typeof ticket === 'string' ? ticket : '', now);
  if (!ticketCheck.ok) return refuse(ticketCheck.errcode);
  const granted = platform.grantComponentToken(now);
  return jsonReply({ component_access_token: granted.token, expires_in: granted.expiresInSec });
}

/** A fault switched on for the platform (`POST /__sim/platforms/:id/faults`), as for apps. */
async function platformFault(
  state: SimulatorState,
  platform: PlatformState,
  req: SimRequest,
): Promise<Reply | null> {
  const fault = platform.faults.take(req.path, state.rng);
  if (fault === null) return null;
  if (fault.kind === 'slow') {
    await pause(fault.delayMs ?? 0, req.signal);
    return null;
  }
  // Refused by the control route (platforms have no held-call registry); never stored.
  if (fault.kind === 'pause') return null;
  if (fault.kind === 'token-expired') {
    const token = req.query.get('component_access_token');
    if (token) platform.componentTokens.expire(token, state.clock.now());
    return errorReply(42001, rid(state));
  }
  if (fault.kind === 'errcode') {
    const errcode = fault.errcode ?? -1;
    if (fault.errmsg !== undefined)
      return jsonReply({ errcode, errmsg: `${fault.errmsg} rid: ${rid(state)}` });
    return jsonReply(errorBody(errcode as SimErrcode, rid(state), platformIp(state, platform, req.socketIp)));
  }
  return faultReply(fault.kind, rid(state));
}

function counted(platform: PlatformState, reply: Reply): Reply {
  const key = statsKeyOf(reply);
  if (key !== null) platform.countError(key);
  return reply;
}

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

function createPreAuthCode(_state: SimulatorState, platform: PlatformState, _body: Body, now: number): Reply {
  const { preAuthCode, expiresInSec } = platform.createPreAuthCode(now);
  return jsonReply({ pre_auth_code: preAuthCode, expires_in: expiresInSec });
}

function queryAuth(state: SimulatorState, platform: PlatformState, body: Body, now: number): Reply {
  if (!text(body.authorization_code)) return errorReply(47001, rid(state));
  const exchanged = platform.exchangeAuthCode(body.authorization_code, now);
  if (!exchanged.ok) return errorReply(exchanged.errcode, rid(state));
  const { authorization } = exchanged;
  const issued = issueAuthorizerToken(state, platform, authorization.authorizerAppId, now);
  if (issued === null) return errorReply(61003, rid(state));
  return jsonReply({
    authorization_info: {
      authorizer_appid: authorization.authorizerAppId,
      authorizer_access_token: issued.token,
      expires_in: issued.expiresInSec,
      authorizer_refresh_token: authorization.refreshToken,
      func_info: funcInfo(authorization),
    },
  });
}

function authorizerToken(state: SimulatorState, platform: PlatformState, body: Body, now: number): Reply {
  platform.countAuthorizerTokenCall();
  if (!text(body.authorizer_appid) || !text(body.authorizer_refresh_token))
    return errorReply(47001, rid(state));
  const check = platform.useRefreshToken(body.authorizer_appid, body.authorizer_refresh_token);
  if (!check.ok) return errorReply(check.errcode, rid(state));
  const issued = issueAuthorizerToken(state, platform, body.authorizer_appid, now);
  if (issued === null) return errorReply(61003, rid(state));
  return jsonReply({
    authorizer_access_token: issued.token,
    expires_in: issued.expiresInSec,
    authorizer_refresh_token: check.refreshToken,
  });
}

function authorizerInfo(state: SimulatorState, platform: PlatformState, body: Body): Reply {
  if (!text(body.authorizer_appid)) return errorReply(47001, rid(state));
  const authorization = platform.authorization(body.authorizer_appid);
  const app = state.app(body.authorizer_appid);
  if (authorization?.state !== 'authorized' || app === undefined) return errorReply(61003, rid(state));
  return jsonReply({
    authorizer_info: authorizerProfile(app),
    authorization_info: {
      authorizer_appid: authorization.authorizerAppId,
      authorizer_refresh_token: authorization.refreshToken,
      func_info: funcInfo(authorization),
    },
  });
}

/** WeChat caps a page at 500. */
const MAX_LIST_COUNT = 500;

function authorizerList(state: SimulatorState, platform: PlatformState, body: Body): Reply {
  const { offset, count } = body;
  const integer = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (!integer(offset) || !integer(count)) return errorReply(47001, rid(state));
  if (offset < 0 || count < 1 || count > MAX_LIST_COUNT) return errorReply(40097, rid(state));
  const all = platform.authorized();
  return jsonReply({
    total_count: all.length,
    list: all.slice(offset, offset + count).map((a) => ({
      authorizer_appid: a.authorizerAppId,
      refresh_token: a.refreshToken,
      auth_time: a.authTime,
    })),
  });
}

/**
 * A new authorizer_access_token in the account's own token book (so every data endpoint
 * takes it for that account), marked with the platform that got it; null when the
 * account is not simulated. Each call issues a new one; earlier ones stay valid until
 * their own expiry.
 */
function issueAuthorizerToken(
  state: SimulatorState,
  platform: PlatformState,
  authorizerAppId: string,
  now: number,
): { token: string; expiresInSec: number } | null {
  const app = state.app(authorizerAppId);
  if (app === undefined) return null;
  const ttl = platform.config.authorizerTokenTtlMs;
  const { token } = app.tokens.issue('authorizer', now, ttl, platform.componentAppId);
  platform.countAuthorizerTokenIssued(authorizerAppId);
  return { token, expiresInSec: Math.floor(ttl / 1000) };
}

function funcInfo(authorization: Authorization): { funcscope_category: { id: number } }[] {
  return authorization.funcIds.map((id) => ({ funcscope_category: { id } }));
}

/** The account's public profile, derived from its AppID (the same every run), in WeChat's field set. */
function authorizerProfile(app: AppState): Record<string, unknown> {
  const tail = app.appId.slice(-12);
  return {
    nick_name: `模拟公众号 ${tail}`,
    head_img: `http://wx.qlogo.cn/mmopen/sim${tail}/0`,
    service_type_info: { id: 2 },
    verify_type_info: { id: 0 },
    user_name: `gh_${tail.padStart(12, '0')}`,
    principal_name: `模拟主体 ${tail}`,
    alias: `sim_${tail}`,
    business_info: { open_store: 0, open_scan: 0, open_pay: 0, open_card: 0, open_shake: 0 },
    qrcode_url: `http://mmbiz.qpic.cn/mmbiz/sim${tail}/0`,
    idc: 1,
    signature: '模拟账号',
  };
}
