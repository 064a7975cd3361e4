import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseRequest } from '../../api/request-schemas.js';
import type { Account, TokenClient } from '../../config/index.js';
import type { Metrics } from '../../metrics/index.js';
import type { RedisClient } from '../../redis/connection.js';
import { AccessToken, type IssuedToken } from '../../wechat/access-token.js';
import type { TokenCache } from '../token-cache.js';
import { appNotAllowed, rateLimited, tokenUnavailable } from './authority-errors.js';
import { clientAuth } from './client-auth.js';
import { TokenClientRegistry } from './client-registry.js';
import { tokenAnswer } from './token-answer.js';

export interface TokenAuthorityOptions {
  clients: readonly TokenClient[];
  /** The apps' credentials: the authority fetches tokens with them, clients never see them. */
  accounts: readonly Account[];
  tokens: Pick<TokenCache, 'issued' | 'refreshRejected'>;
  metrics: Pick<Metrics, 'tokenIssued'>;
  /** The rate limit's counters (shared by every API process). */
  redis: RedisClient;
  /** Key namespace of the rate limit's counters, e.g. `wechat:ratelimit:`. */
  rateLimitNamespace: string;
  now: () => number;
}

const appIdParam = z
  .string()
  .regex(/^wx[0-9a-f]{16}$/, 'must be "wx" followed by 16 lowercase hex characters');
// Tokens can be up to 512 characters (wechat-api.md); the value is never echoed.
const refreshBody = z.strictObject(
  {
    rejected: z
      .string({ error: 'required: the token WeChat rejected' })
      .min(1, 'must not be empty')
      .max(512, 'longer than 512 characters, not a WeChat token'),
  },
  { error: 'must be a JSON object {"rejected": "<token>"}' },
);

const clientOf = (request: FastifyRequest): TokenClient => {
  // clientAuth runs first for every route of this scope and answers 401 without one.
  if (!request.tokenClient) throw new Error('token authority route reached without a client');
  return request.tokenClient;
};

/**
 * The token authority (WeChat's 中控 advice): the organisation's other systems read an
 * app's token here instead of fetching their own, which would knock ours out (40001), and
 * report a token WeChat rejected for a passive refresh. Under /official-api, with each
 * client's own bearer credential instead of API_TOKEN, scoped to its apps, rate-limited
 * per client across processes. Tokens leave only in these answers: the log line names
 * client, app and expiry.
 */
export async function tokenAuthority(app: FastifyInstance, opts: TokenAuthorityOptions): Promise<void> {
  const registry = new TokenClientRegistry(opts.clients);
  const accounts = new Map(opts.accounts.map((a) => [a.appId, a]));
  app.decorateRequest('tokenClient', null);
  app.addHook('onRequest', clientAuth(registry));
  await app.register(rateLimit, {
    // After clientAuth (onRequest): counted per client, and unknown callers cost nothing.
    hook: 'preHandler',
    max: (request) => clientOf(request).perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => clientOf(request).clientId,
    redis: opts.redis,
    nameSpace: opts.rateLimitNamespace,
    errorResponseBuilder: (request, context) =>
      rateLimited(clientOf(request).clientId, context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
  });

  function accountFor(client: TokenClient, rawAppId: string): Account {
    const appId = parseRequest(appIdParam, rawAppId, 'appId');
    const account = accounts.get(appId);
    // Config guarantees a client's apps are configured; an app outside its list is a 403 either way.
    if (!client.apps.has(appId) || !account) throw appNotAllowed(client.clientId, appId);
    return account;
  }

  async function answer(
    request: FastifyRequest,
    account: Account,
    via: 'read' | 'refresh',
    get: () => Promise<IssuedToken>,
  ) {
    const client = clientOf(request);
    let issued: IssuedToken;
    try {
      issued = await get();
    } catch (err) {
      throw tokenUnavailable(err, opts.now()) ?? err;
    }
    opts.metrics.tokenIssued(client.clientId, account.appId, via);
    request.log.info(
      {
        clientId: client.clientId,
        appId: account.appId,
        via,
        expiresAt: new Date(issued.expiresAt).toISOString(),
      },
      'token issued',
    );
    return tokenAnswer(issued, opts.now());
  }

  app.get<{ Params: { appId: string } }>('/wechat/apps/:appId/token', async (request, reply) => {
    const account = accountFor(clientOf(request), request.params.appId);
    reply.header('cache-control', 'no-store');
    return answer(request, account, 'read', () => opts.tokens.issued(account));
  });

  app.post<{ Params: { appId: string } }>('/wechat/apps/:appId/token/refresh', async (request, reply) => {
    const account = accountFor(clientOf(request), request.params.appId);
    const { rejected } = parseRequest(refreshBody, request.body ?? undefined, 'body');
    // Wrapped at once, so it prints as [redacted]. Not added to the log scrubber's registry:
    // arbitrary values from a caller would push real tokens out of its bounded memory.
    reply.header('cache-control', 'no-store');
    return answer(request, account, 'refresh', () =>
      opts.tokens.refreshRejected(account, new AccessToken(rejected)),
    );
  });
}
