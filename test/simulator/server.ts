import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorControl } from './control-client.js';
import { CONTROL_PREFIX, handleControl } from './control-routes.js';
import { handleControlWait } from './control-wait.js';
import { DATA_ENDPOINTS } from './data-apis.js';
import { handleDataCall } from './data-call.js';
import { BodyTooLargeError, readBody, writeJson, writeReply, writeText } from './http-io.js';
import { handleComponentCall, isComponentPath } from './platform-apis.js';
import { handlePlatformControl } from './platform-control.js';
import type { PlatformControl } from './platform-control-client.js';
import { answerPlatformPage, isPlatformPage } from './platform-pages.js';
import type { Reply } from './reply.js';
import { type SimRequest, stripMappedPrefix } from './request.js';
import { SimulatorState } from './state.js';
import { handleTokenCall, STABLE_TOKEN_PATH, TOKEN_PATH } from './token-apis.js';

export interface SimulatorHandle {
  /** Origin to use as `WECHAT_API_BASE`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  control: SimulatorControl;
  /** The third-party platform mode's controls (the same object as `control.platform`). */
  platform: PlatformControl;
  /** The live state, for in-process callers (benchmarks); tests of other parts use `control`. */
  state: SimulatorState;
  /** Stops listening and drops every connection; safe to call twice. */
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Told every WeChat answer (not control routes) before it is written: the corpus contract test records them. */
  onReply?: (path: string, reply: Reply) => void;
}

/** The gateway's answer to a path WeChat does not serve. */
export const NOT_FOUND_REPLY: Reply = {
  kind: 'raw',
  status: 404,
  contentType: 'text/plain; charset=utf-8',
  body: '404 page not found\n',
  statsKey: 'http404',
};

/** Routes a WeChat call; unknown paths get a plain 404 as WeChat's gateway gives. */
async function answerWeChat(state: SimulatorState, req: SimRequest): Promise<Reply | null> {
  if (req.path === TOKEN_PATH || req.path === STABLE_TOKEN_PATH) return handleTokenCall(state, req);
  if (isComponentPath(req.path)) return handleComponentCall(state, req);
  const endpoint = DATA_ENDPOINTS.get(req.path);
  return endpoint === undefined ? null : handleDataCall(state, req, endpoint);
}

async function onRequest(
  state: SimulatorState,
  signal: AbortSignal,
  req: IncomingMessage,
  res: ServerResponse,
  onReply: SimulatorOptions['onReply'],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const rawBody = await readBody(req);
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    const method = req.method ?? 'GET';
    const answer =
      (await handleControlWait(state, method, url.pathname, rawBody, signal)) ??
      (await handlePlatformControl(state, method, url.pathname, rawBody)) ??
      handleControl(state, method, url.pathname, rawBody);
    if (answer.body === undefined) res.writeHead(answer.status).end();
    else writeJson(res, answer.status, answer.body, 'application/json; charset=utf-8');
    return;
  }
  const simReq: SimRequest = {
    path: url.pathname,
    query: url.searchParams,
    rawBody,
    socketIp: stripMappedPrefix(req.socket.remoteAddress),
    signal,
  };
  // The authorisation pages are web pages an administrator opens, not API answers.
  if (req.method === 'GET' && isPlatformPage(simReq.path)) {
    const page = answerPlatformPage(state, simReq);
    writeText(res, page.status, page.contentType, page.body);
    return;
  }
  const reply = (await answerWeChat(state, simReq)) ?? NOT_FOUND_REPLY;
  onReply?.(simReq.path, reply);
  if (!signal.aborted) writeReply(res, reply);
}

function onFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) return;
  if (error instanceof BodyTooLargeError) {
    writeText(res, 413, 'text/plain; charset=utf-8', `${error.message}\n`);
    return;
  }
  // A simulator bug must show up in the test that hit it, not as a hang.
  console.error('simulator: request failed', error);
  writeText(res, 500, 'text/plain; charset=utf-8', `simulator error: ${String(error)}\n`);
}

/** Starts a WeChat simulator on a real HTTP port. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const state = new SimulatorState();
  const shutdown = new AbortController();
  // Every slow answer in flight waits on this one signal: dozens at once are normal under load.
  setMaxListeners(0, shutdown.signal);
  const server = createServer((req, res) => {
    onRequest(state, shutdown.signal, req, res, opts.onReply).catch((error: unknown) =>
      onFailure(res, error),
    );
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      shutdown.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  const control = new SimulatorControl(url);
  return { url, control, platform: control.platform, state, close };
}
