import fastifyBasicAuth from '@fastify/basic-auth';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Sensitive } from '../config/index.js';
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
  credentials: BoardCredentials | null;
  hostIsLoopback: boolean;
}

// RFC 7617 §2.1: announce UTF-8 so browsers encode non-ASCII credentials the way we decode them.
const BASIC_CHALLENGE = `Basic realm="${AUTH_REALM}", charset="UTF-8"`;

/** Basic auth in front of the board: Bull Board has no login of its own. */
async function basicAuthGate(
  app: FastifyInstance,
  credentials: BoardCredentials,
): Promise<onRequestHookHandler> {
  const user = new SecretDigest(credentials.user);
  const password = new SecretDigest(credentials.password.reveal());
  await app.register(fastifyBasicAuth, {
    // Both compared every time, so the response time does not tell whether the user name was right.
    validate: async (givenUser, givenPassword) => {
      const userOk = user.matches(givenUser);
      const passwordOk = password.matches(givenPassword);
      if (!(userOk && passwordOk)) throw new Error('invalid user or password');
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
      request.log.info({ reason }, 'board request refused: authorization');
      sendApiError(reply, new ApiError('UNAUTHORIZED', reason, { 'www-authenticate': BASIC_CHALLENGE }));
    });
  };
}

const localOnly: onRequestHookHandler = (request, reply, done) => {
  if (isLocalClient(request)) return done();
  request.log.warn({ ip: request.ip }, 'board request refused: not a local client');
  sendApiError(
    reply,
    new ApiError(
      'FORBIDDEN',
      'board: served only to local clients while BOARD_USER/BOARD_PASSWORD are unset',
    ),
  );
};

const disabled: onRequestHookHandler = (_request, reply) => {
  sendApiError(
    reply,
    new ApiError(
      'FORBIDDEN',
      'board: disabled; set BOARD_USER and BOARD_PASSWORD to serve it on a non-loopback HOST',
    ),
  );
};

/**
 * The onRequest hook that guards every board route (page, static assets, JSON API and
 * actions): basic auth when credentials are configured; otherwise local clients only on
 * a loopback HOST; otherwise nobody.
 */
export async function boardGate(app: FastifyInstance, opts: BoardGateOptions): Promise<onRequestHookHandler> {
  if (opts.credentials) return basicAuthGate(app, opts.credentials);
  return opts.hostIsLoopback ? localOnly : disabled;
}

/** Whether the board is mounted at all: not when its gate would refuse everyone. */
export function boardEnabled(opts: BoardGateOptions): boolean {
  return opts.credentials !== null || opts.hostIsLoopback;
}
