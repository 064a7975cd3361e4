import fastifyBasicAuth from '@fastify/basic-auth';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { declareAccessRole } from '../api/access-role.js';
import { ApiError } from '../api/api-errors.js';
import { AUTH_REALM } from '../api/bearer-auth.js';
import type { BoardCredentials } from '../api/board-gate.js';
import { sendApiError } from '../api/error-handler.js';
import { isLocalClient } from '../api/local-client.js';
import { SecretDigest } from '../api/secret-digest.js';

export interface ConsoleGateOptions {
  /** The operator credential (BOARD_USER / BOARD_PASSWORD). */
  operator: BoardCredentials | null;
  /** The viewer credential (BOARD_VIEWER_USER / BOARD_VIEWER_PASSWORD). */
  viewer: BoardCredentials | null;
  hostIsLoopback: boolean;
}

const BASIC_CHALLENGE = `Basic realm="${AUTH_REALM}", charset="UTF-8"`;

class CredentialCheck {
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

async function basicAuthGate(app: FastifyInstance, opts: ConsoleGateOptions): Promise<onRequestHookHandler> {
  const operator = opts.operator ? new CredentialCheck(opts.operator) : null;
  const viewer = opts.viewer ? new CredentialCheck(opts.viewer) : null;
  await app.register(fastifyBasicAuth, {
    validate: async (user, password, request) => {
      // Both checked whatever the first says: equal work for either credential.
      const isOperator = operator?.matches(user, password) ?? false;
      const isViewer = viewer?.matches(user, password) ?? false;
      if (isOperator) request.accessRole = 'operator';
      else if (isViewer) request.accessRole = 'viewer';
      else throw new Error('invalid user or password');
    },
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
      request.log.info({ reason }, 'console request refused: authorization');
      sendApiError(reply, new ApiError('UNAUTHORIZED', reason, { 'www-authenticate': BASIC_CHALLENGE }));
    });
  };
}

const localOperator: onRequestHookHandler = (request, reply, done) => {
  if (isLocalClient(request)) {
    request.accessRole = 'operator';
    return done();
  }
  request.log.warn({ ip: request.ip }, 'console request refused: not a local client');
  sendApiError(
    reply,
    new ApiError(
      'FORBIDDEN',
      'console: served only to local clients while BOARD_USER/BOARD_PASSWORD are unset',
    ),
  );
};

const disabled: onRequestHookHandler = (_request, reply) => {
  sendApiError(
    reply,
    new ApiError(
      'FORBIDDEN',
      'console: disabled; set BOARD_USER and BOARD_PASSWORD to serve it on a non-loopback HOST',
    ),
  );
};

/**
 * The console's gate, setting `request.accessRole` (the contract shared with Bull Board's
 * gate): with any credential configured, Basic auth decides operator or viewer; with none,
 * local clients on a loopback HOST are operators; otherwise nobody gets in.
 */
export async function consoleGate(
  app: FastifyInstance,
  opts: ConsoleGateOptions,
): Promise<onRequestHookHandler> {
  declareAccessRole(app);
  if (opts.operator || opts.viewer) return basicAuthGate(app, opts);
  return opts.hostIsLoopback ? localOperator : disabled;
}
