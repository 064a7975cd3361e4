import fastifyBasicAuth from '@fastify/basic-auth';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Sensitive } from '../config/index.js';
import type { AccessRole } from './access-role.js';
import { ApiError } from './api-errors.js';
import { AUTH_REALM } from './bearer-auth.js';
import { sendApiError } from './error-handler.js';
import { isLocalClient } from './local-client.js';
import { SecretDigest } from './secret-digest.js';

export interface BoardCredentials {
  user: string;
  password: Sensitive;
}

export interface BoardGateOptions {
  /** The operator credential (BOARD_USER/BOARD_PASSWORD): full write access. */
  credentials: BoardCredentials | null;
  /** The viewer credential (BOARD_VIEWER_USER/BOARD_VIEWER_PASSWORD): read-only. Needs `credentials`. */
  viewerCredentials?: BoardCredentials | null;
  hostIsLoopback: boolean;
  /** What the gate guards, named in its refusals and log lines; default 'board'. */
  area?: 'board' | 'console';
}

// RFC 7617 §2.1: announce UTF-8 so browsers encode non-ASCII credentials the way we decode them.
const BASIC_CHALLENGE = `Basic realm="${AUTH_REALM}", charset="UTF-8"`;

class Credential {
  readonly #user: SecretDigest;
  readonly #password: SecretDigest;

  constructor(credentials: BoardCredentials) {
    this.#user = new SecretDigest(credentials.user);
    this.#password = new SecretDigest(credentials.password.reveal());
  }

  /** Both compared every time, so the response time does not tell whether the user name was right. */
  matches(user: string, password: string): boolean {
    const userOk = this.#user.matches(user);
    const passwordOk = this.#password.matches(password);
    return userOk && passwordOk;
  }
}

/** Basic auth in front of the board (Bull Board has no login of its own); sets request.accessRole. */
async function basicAuthGate(
  app: FastifyInstance,
  operator: BoardCredentials | null,
  viewer: BoardCredentials | null,
  area: string,
): Promise<onRequestHookHandler> {
  const credentials: Array<[AccessRole, Credential]> = [];
  if (operator) credentials.push(['operator', new Credential(operator)]);
  if (viewer) credentials.push(['viewer', new Credential(viewer)]);
  await app.register(fastifyBasicAuth, {
    validate: async (givenUser, givenPassword, request) => {
      // Every credential checked, for the same reason as in Credential.matches.
      const matched = credentials.filter(([, credential]) => credential.matches(givenUser, givenPassword));
      const role = matched[0]?.[0];
      if (!role) throw new Error('invalid user or password');
      request.accessRole = role;
    },
    // The challenge header is sent by the hook below, with the catalog body.
    authenticate: false,
  });
  return (request, reply, done) => {
    app.basicAuth(request, reply, (err) => {
      if (!err) return done();
      const missing =
        (err as { code?: string }).code === 'FST_BASIC_AUTH_MISSING_OR_BAD_AUTHORIZATION_HEADER';
      const reason = missing
        ? 'authorization: missing or malformed Basic credentials'
        : 'authorization: invalid user or password';
      request.log.info({ reason }, `${area} request refused: authorization`);
      sendApiError(reply, new ApiError('UNAUTHORIZED', reason, { 'www-authenticate': BASIC_CHALLENGE }));
    });
  };
}

/** Without credentials on a loopback HOST, a local client is the operator. */
function localOnly(area: string): onRequestHookHandler {
  return (request, reply, done) => {
    if (isLocalClient(request)) {
      request.accessRole = 'operator';
      return done();
    }
    request.log.warn({ ip: request.ip }, `${area} request refused: not a local client`);
    sendApiError(
      reply,
      new ApiError(
        'FORBIDDEN',
        `${area}: served only to local clients while BOARD_USER/BOARD_PASSWORD are unset`,
      ),
    );
  };
}

function disabled(area: string): onRequestHookHandler {
  return (_request, reply) => {
    sendApiError(
      reply,
      new ApiError(
        'FORBIDDEN',
        `${area}: disabled; set BOARD_USER and BOARD_PASSWORD to serve it on a non-loopback HOST`,
      ),
    );
  };
}

/**
 * The onRequest hook that authenticates every board route (page, static assets, JSON API
 * and actions), and every console route, and sets request.accessRole: basic auth when credentials are configured;
 * otherwise local clients only on a loopback HOST; otherwise nobody.
 */
export async function boardGate(app: FastifyInstance, opts: BoardGateOptions): Promise<onRequestHookHandler> {
  const area = opts.area ?? 'board';
  const viewer = opts.viewerCredentials ?? null;
  if (opts.credentials || viewer) return basicAuthGate(app, opts.credentials, viewer, area);
  return opts.hostIsLoopback ? localOnly(area) : disabled(area);
}

/** Whether the board is mounted at all: not when its gate would refuse everyone. */
export function boardEnabled(opts: BoardGateOptions): boolean {
  return opts.credentials !== null || opts.hostIsLoopback;
}

/**
 * After the gate, on the writable board: only the operator. A viewer opening one of its
 * pages is sent to the same page of the read-only board; anything else is refused.
 */
export function operatorOnly(viewerBoardPath: string, boardPath: string): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done) => {
    if (request.accessRole === 'operator') return done();
    const sub = request.url.slice(boardPath.length);
    const isPage = request.method === 'GET' && !sub.startsWith('/api/') && !sub.startsWith('/static/');
    if (isPage) {
      reply.redirect(`${viewerBoardPath}${sub}`, 303);
      return;
    }
    sendApiError(
      reply,
      new ApiError('FORBIDDEN', `board: the viewer role is read-only; use ${viewerBoardPath}`),
    );
  };
}

/** On the read-only board: reads only, whatever the role (Bull Board's readOnlyMode also refuses actions). */
export const readsOnly: onRequestHookHandler = (request, reply, done) => {
  if (request.method === 'GET' || request.method === 'HEAD') return done();
  sendApiError(reply, new ApiError('FORBIDDEN', 'board: this is the read-only board; actions are refused'));
};
