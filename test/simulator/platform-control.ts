import type { z } from 'zod';
import { faultSchema } from './config.js';
import { CONTROL_PREFIX, type ControlAnswer, parseControlInput } from './control-routes.js';
import {
  approveSchema,
  authorizeSchema,
  platformConfigSchema,
  platformPatchSchema,
} from './platform-config.js';
import { pushPlatformEvent, pushTicketNow } from './platform-events.js';
import { ApprovalError, AUTH_CODE_TTL_SEC, type PlatformState } from './platform-state.js';
import { type SimulatorState, UnknownAppError, UnknownPlatformError } from './state.js';

/*
 * Control routes of the platform mode, under `/__sim/platforms/`. They are async (a push
 * is sent, and awaited, before the route answers), so they are routed apart from
 * control-routes.ts. Every route and its client method: platform-control-client.ts.
 */

type Handler = (state: SimulatorState, params: string[], rawBody: string) => Promise<ControlAnswer>;

class InputError extends Error {}

function input<T>(schema: z.ZodType<T>, rawBody: string): T {
  const parsed = parseControlInput(schema, rawBody);
  if ('error' in parsed) throw new InputError(parsed.error);
  return parsed.value;
}

const id = (params: string[], i = 0) => decodeURIComponent(params[i] ?? '');
const ok = (body: object): ControlAnswer => ({ status: 200, body });
const NO_CONTENT: ControlAnswer = { status: 204 };

function redirectUrlOf(redirectUri: string, authCode: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('auth_code', authCode);
  url.searchParams.set('expires_in', String(AUTH_CODE_TTL_SEC));
  return url.href;
}

async function pushGrant(
  state: SimulatorState,
  platform: PlatformState,
  granted: { authCode: string; infoType: 'authorized' | 'updateauthorized'; preAuthCode: string },
  authorizerAppId: string,
  push: boolean | undefined,
) {
  if (push === false) return null;
  const now = state.clock.now();
  return pushPlatformEvent(
    platform,
    {
      infoType: granted.infoType,
      authorizerAppId,
      authCode: granted.authCode,
      authCodeExpiredTime: Math.floor(now / 1000) + AUTH_CODE_TTL_SEC,
      preAuthCode: granted.preAuthCode,
    },
    now,
  );
}

const ROUTES: [method: string, pattern: RegExp, handler: Handler][] = [
  ['GET', /^platforms$/, async (state) => ok({ platforms: state.platformIds() })],
  [
    'PUT',
    /^platforms\/([^/]+)$/,
    async (state, p, raw) => {
      state.putPlatform(id(p), input(platformConfigSchema, raw));
      return NO_CONTENT;
    },
  ],
  [
    'PATCH',
    /^platforms\/([^/]+)$/,
    async (state, p, raw) => {
      state.patchPlatform(id(p), input(platformPatchSchema, raw));
      return NO_CONTENT;
    },
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/ticket$/,
    async (state, p) => ok(await pushTicketNow(state, state.requirePlatform(id(p)))),
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/expire-tickets$/,
    async (state, p) => {
      state.requirePlatform(id(p)).expireTickets(state.clock.now());
      return NO_CONTENT;
    },
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/expire-tokens$/,
    async (state, p) => {
      state.requirePlatform(id(p)).componentTokens.expireAll(state.clock.now());
      return NO_CONTENT;
    },
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/approve$/,
    async (state, p, raw) => {
      const platform = state.requirePlatform(id(p));
      const body = input(approveSchema, raw);
      state.requireApp(body.authorizerAppId);
      const granted = platform.approve(body, state.clock.now());
      const withCode = { ...granted, preAuthCode: body.preAuthCode };
      const push = await pushGrant(state, platform, withCode, body.authorizerAppId, body.push);
      return ok({
        redirectUrl: redirectUrlOf(granted.redirectUri, granted.authCode),
        authCode: granted.authCode,
        expiresIn: AUTH_CODE_TTL_SEC,
        infoType: granted.infoType,
        push,
      });
    },
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/authorize$/,
    async (state, p, raw) => {
      const platform = state.requirePlatform(id(p));
      const body = input(authorizeSchema, raw);
      state.requireApp(body.authorizerAppId);
      const granted = platform.authorize(body.authorizerAppId, body.funcIds, state.clock.now());
      const push = await pushGrant(state, platform, granted, body.authorizerAppId, body.push);
      return ok({ ...granted, expiresIn: AUTH_CODE_TTL_SEC, push });
    },
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/authorizers\/([^/]+)\/revoke$/,
    async (state, p) => {
      const platform = state.requirePlatform(id(p));
      const authorizerAppId = id(p, 1);
      const now = state.clock.now();
      if (!platform.revoke(authorizerAppId, now))
        return {
          status: 409,
          body: { error: `${authorizerAppId} has not authorised ${platform.componentAppId}` },
        };
      // Its tokens stop at once: a data call answers 40001, the refresh then 61023.
      state.app(authorizerAppId)?.tokens.supersede('authorizer', now, now, platform.componentAppId);
      const push = await pushPlatformEvent(platform, { infoType: 'unauthorized', authorizerAppId }, now);
      return ok({ push });
    },
  ],
  [
    'GET',
    /^platforms\/([^/]+)\/authorizers$/,
    async (state, p) => ok({ authorizers: state.requirePlatform(id(p)).allAuthorizations() }),
  ],
  [
    'POST',
    /^platforms\/([^/]+)\/faults$/,
    async (state, p, raw) => {
      const fault = input(faultSchema, raw);
      if (fault.kind === 'pause') throw new InputError('kind: pause is for apps only');
      state.requirePlatform(id(p)).faults.add(fault);
      return NO_CONTENT;
    },
  ],
  [
    'DELETE',
    /^platforms\/([^/]+)\/faults$/,
    async (state, p) => {
      state.requirePlatform(id(p)).faults.clear();
      return NO_CONTENT;
    },
  ],
  ['GET', /^platforms\/([^/]+)\/stats$/, async (state, p) => ok(state.requirePlatform(id(p)).stats())],
  [
    'DELETE',
    /^platforms\/([^/]+)\/stats$/,
    async (state, p) => {
      state.requirePlatform(id(p)).resetStats();
      return NO_CONTENT;
    },
  ],
];

/** Answers a `/__sim/platforms…` control call, or null for any other route. */
export async function handlePlatformControl(
  state: SimulatorState,
  method: string,
  path: string,
  rawBody: string,
): Promise<ControlAnswer | null> {
  const rest = path.slice(CONTROL_PREFIX.length);
  if (!rest.startsWith('platforms')) return null;
  const matching = ROUTES.filter(([, pattern]) => pattern.test(rest));
  if (matching.length === 0) return { status: 404, body: { error: `no control route ${path}` } };
  const route = matching.find(([m]) => m === method);
  if (route === undefined) return { status: 405, body: { error: `${method} not allowed on ${path}` } };
  const [, pattern, handler] = route;
  try {
    return await handler(state, pattern.exec(rest)?.slice(1) ?? [], rawBody);
  } catch (error) {
    if (error instanceof InputError) return { status: 400, body: { error: error.message } };
    if (error instanceof UnknownPlatformError || error instanceof UnknownAppError)
      return { status: 404, body: { error: error.message } };
    if (error instanceof ApprovalError) return { status: 409, body: { error: error.message } };
    throw error;
  }
}
