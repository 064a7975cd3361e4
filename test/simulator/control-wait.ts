import { heldWaitSchema } from './config.js';
import { CONTROL_PREFIX, type ControlAnswer, parseControlInput } from './control-routes.js';
import { HeldWaitError } from './held-calls.js';
import { type SimulatorState, UnknownAppError } from './state.js';

const WAIT_ROUTE = /^apps\/([^/]+)\/held\/wait$/;

/**
 * `POST /__sim/apps/:appId/held/wait` `{count, timeoutMs}`: the one control route that
 * answers later, when `count` calls are held (200 `{held}`), after `timeoutMs` (408), or
 * when the simulator closes (503). It lets a test await "the client is stuck at page k"
 * instead of polling or sleeping. Null for any other route (handleControl answers those).
 */
export async function handleControlWait(
  state: SimulatorState,
  method: string,
  path: string,
  rawBody: string,
  signal: AbortSignal,
): Promise<ControlAnswer | null> {
  const match = WAIT_ROUTE.exec(path.slice(CONTROL_PREFIX.length));
  if (match === null || method !== 'POST') return null;
  const appId = decodeURIComponent(match[1] ?? '');
  const input = parseControlInput(heldWaitSchema, rawBody);
  if ('error' in input) return { status: 400, body: { error: input.error } };
  const app = state.app(appId);
  if (app === undefined) return { status: 404, body: { error: new UnknownAppError(appId).message } };
  try {
    const held = await app.held.whenHeld(input.value.count ?? 1, input.value.timeoutMs ?? 20_000, signal);
    return { status: 200, body: { held } };
  } catch (error) {
    if (!(error instanceof HeldWaitError)) throw error;
    return { status: error.reason === 'timeout' ? 408 : 503, body: { error: error.message } };
  }
}
