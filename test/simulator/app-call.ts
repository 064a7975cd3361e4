import type { AppState } from './app-state.js';
import type { FaultInput } from './config.js';
import { errorBody, isSimErrcode } from './error-messages.js';
import { faultReply } from './fault-replies.js';
import { describeParams } from './held-calls.js';
import { errorReply, jsonReply, type Reply, statsKeyOf } from './reply.js';
import { pause, type SimRequest } from './request.js';
import { makeRid } from './rid.js';
import type { SimulatorState } from './state.js';

/** A request id stamped with the sim clock. */
export function rid(state: SimulatorState): string {
  return makeRid(state.clock.now());
}

/** The IP WeChat sees for this call: the app's `egressIp`, else the global one, else the socket's. */
export function seenIp(state: SimulatorState, app: AppState, req: SimRequest): string {
  return app.config.egressIp ?? state.globalEgressIp ?? req.socketIp;
}

/** Counts an answer given on behalf of an app in its `errorsByCode`. */
export function recorded(app: AppState, reply: Reply): Reply {
  const key = statsKeyOf(reply);
  if (key !== null) app.stats.error(key);
  return reply;
}

/**
 * Checked before normal handling: the answer of a fault that hits this call, or null
 * to carry on (after the delay of a `slow` fault, or once a `pause` fault's hold is
 * released). `token-expired` expires the token the caller presented, so it keeps
 * answering 42001 like a token that died early.
 */
export async function faultAnswer(
  state: SimulatorState,
  app: AppState,
  req: SimRequest,
  presentedToken: string | null,
): Promise<Reply | null> {
  const fault = app.faults.take(req.path, state.rng);
  if (fault === null) return null;
  if (fault.kind === 'slow') {
    await pause(fault.delayMs ?? 0, req.signal);
    return null;
  }
  if (fault.kind === 'pause') {
    const params = describeParams(req.query, req.rawBody);
    await app.held.hold(req.path, params, state.clock.now(), req.signal);
    return null;
  }
  if (fault.kind === 'token-expired') {
    if (presentedToken !== null) app.tokens.expire(presentedToken, state.clock.now());
    return errorReply(42001, rid(state));
  }
  if (fault.kind === 'errcode') return errcodeReply(fault, rid(state), seenIp(state, app, req));
  return faultReply(fault.kind, rid(state));
}

/**
 * An `errcode` fault: the code with WeChat's text (or the test's own), and nothing else
 * changes; a 40001 this way leaves the token valid, as when WeChat refuses a token its
 * stable_token still hands out.
 */
function errcodeReply(fault: FaultInput, ridText: string, ip: string): Reply {
  const errcode = fault.errcode ?? -1;
  if (fault.errmsg === undefined && isSimErrcode(errcode)) return jsonReply(errorBody(errcode, ridText, ip));
  return jsonReply({ errcode, errmsg: `${fault.errmsg ?? 'unknown error'} rid: ${ridText}` });
}
