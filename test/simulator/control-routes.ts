import type { z } from 'zod';
import { advanceSchema, appConfigSchema, appPatchSchema, faultSchema, settingsSchema } from './config.js';
import { type SimulatorState, UnknownAppError } from './state.js';

/** Every control route lives under this prefix, which no WeChat path uses. */
export const CONTROL_PREFIX = '/__sim/';

export interface ControlAnswer {
  status: number;
  body?: object;
}

type Handler = (state: SimulatorState, params: string[], body: unknown) => ControlAnswer;

class BadInputError extends Error {
  override readonly name = 'BadInputError' as const;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new BadInputError(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

const app = (params: string[]): string => decodeURIComponent(params[0] ?? '');

/** A route that only acts and answers 204 No Content. */
const act =
  (action: (state: SimulatorState, params: string[], body: unknown) => unknown): Handler =>
  (state, params, body) => {
    action(state, params, body);
    return { status: 204 };
  };

const ROUTES: [method: string, pattern: RegExp, handler: Handler][] = [
  ['GET', /^apps$/, (state) => ({ status: 200, body: { apps: state.appIds() } })],
  ['PUT', /^apps\/([^/]+)$/, act((state, p, body) => state.putApp(app(p), parse(appConfigSchema, body)))],
  ['PATCH', /^apps\/([^/]+)$/, act((state, p, body) => state.patchApp(app(p), parse(appPatchSchema, body)))],
  [
    'POST',
    /^apps\/([^/]+)\/faults$/,
    act((state, p, body) => state.addFault(app(p), parse(faultSchema, body))),
  ],
  ['DELETE', /^apps\/([^/]+)\/faults$/, act((state, p) => state.clearFaults(app(p)))],
  ['DELETE', /^faults$/, act((state) => state.clearFaults())],
  ['GET', /^apps\/([^/]+)\/held$/, (state, p) => ({ status: 200, body: { held: state.heldCalls(app(p)) } })],
  [
    'POST',
    /^apps\/([^/]+)\/held\/release$/,
    (state, p) => ({ status: 200, body: { released: state.releaseHeld(app(p)) } }),
  ],
  ['POST', /^held\/release$/, (state) => ({ status: 200, body: { released: state.releaseHeld() } })],
  ['POST', /^apps\/([^/]+)\/expire-tokens$/, act((state, p) => state.expireTokens(app(p)))],
  ['GET', /^apps\/([^/]+)\/stats$/, (state, p) => ({ status: 200, body: state.stats(app(p)) })],
  ['DELETE', /^apps\/([^/]+)\/stats$/, act((state, p) => state.resetStats(app(p)))],
  ['DELETE', /^stats$/, act((state) => state.resetStats())],
  ['GET', /^clock$/, (state) => ({ status: 200, body: clockBody(state) })],
  ['POST', /^clock\/advance$/, (state, _p, body) => advance(state, parse(advanceSchema, body).ms)],
  ['GET', /^settings$/, (state) => ({ status: 200, body: { egressIp: state.globalEgressIp } })],
  ['PUT', /^settings$/, act((state, _p, body) => putSettings(state, parse(settingsSchema, body)))],
  ['POST', /^reset$/, act((state) => state.reset())],
];

function clockBody(state: SimulatorState): object {
  return { now: state.clock.now(), offsetMs: state.clock.offsetMs };
}

function advance(state: SimulatorState, ms: number): ControlAnswer {
  state.clock.advance(ms);
  return { status: 200, body: clockBody(state) };
}

function putSettings(state: SimulatorState, settings: z.infer<typeof settingsSchema>): void {
  if (settings.egressIp !== undefined) state.globalEgressIp = settings.egressIp;
}

function parseBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new BadInputError('body: not JSON');
  }
}

/** Parses a control body against `schema`: its value, or the 400 message handleControl would give. */
export function parseControlInput<T>(
  schema: z.ZodType<T>,
  rawBody: string,
): { value: T } | { error: string } {
  try {
    return { value: parse(schema, parseBody(rawBody) ?? {}) };
  } catch (error) {
    if (error instanceof BadInputError) return { error: error.message };
    throw error;
  }
}

/** Answers one `/__sim/…` call: 2xx, 400 bad input, 404 unknown app or route, 405 wrong method. */
export function handleControl(
  state: SimulatorState,
  method: string,
  path: string,
  rawBody: string,
): ControlAnswer {
  const rest = path.slice(CONTROL_PREFIX.length);
  const matching = ROUTES.filter(([, pattern]) => pattern.test(rest));
  if (matching.length === 0) return { status: 404, body: { error: `no control route ${path}` } };
  const route = matching.find(([m]) => m === method);
  if (route === undefined) return { status: 405, body: { error: `${method} not allowed on ${path}` } };
  const [, pattern, handler] = route;
  try {
    return handler(state, pattern.exec(rest)?.slice(1) ?? [], parseBody(rawBody));
  } catch (error) {
    if (error instanceof BadInputError) return { status: 400, body: { error: error.message } };
    if (error instanceof UnknownAppError) return { status: 404, body: { error: error.message } };
    if (error instanceof RangeError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}
