import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../api/api-errors.js';
import { parseRequest } from '../../api/request-schemas.js';
import { AUTH_TYPES } from '../links/authorization-links.js';
import { createAuthorizationLinks } from '../links/create-authorization-links.js';
import { LinkRequestError } from '../links/link-request-error.js';
import type { PlatformApi } from '../platform-api.js';
import { wechatRefused } from '../platform-api-routes.js';

export const AUTHORIZATION_LINKS_PATH = '/wechat/platforms/:platformId/authorization-links';

const linkBody = z.strictObject(
  {
    accountId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an accountId')
      .optional(),
    authorizerAppId: z
      .string()
      .regex(/^wx[0-9a-f]{16}$/, 'must be "wx" followed by 16 lowercase hex characters')
      .optional(),
    authType: z
      .union(AUTH_TYPES.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>], {
        error: 'must be 1 (Official Accounts), 2 (Mini Programs) or 3 (both)',
      })
      .optional(),
  },
  { error: 'must be a JSON object {"accountId"?, "authorizerAppId"?, "authType"?}' },
);

/** The 4xx/5xx of a link that cannot be made; WeChat's own errors are WECHAT_REFUSED with their message (no secret in it). */
export function linkFailure(err: unknown): ApiError | null {
  if (err instanceof LinkRequestError) {
    if (err.kind !== 'not-found') return new ApiError('BAD_REQUEST', err.message);
    return new ApiError(err.field === 'platformId' ? 'UNKNOWN_PLATFORM' : 'UNKNOWN_ACCOUNT', err.message);
  }
  const refused = wechatRefused(err);
  return refused instanceof ApiError ? refused : null;
}

/**
 * POST /official-api/wechat/platforms/:platformId/authorization-links: the PC and mobile
 * links an operator sends to an account's administrator. Behind API_TOKEN like the rest
 * of /official-api.
 */
export async function authorizationLinkRoutes(
  app: FastifyInstance,
  opts: { platform: PlatformApi },
): Promise<void> {
  app.post<{ Params: { platformId: string } }>(AUTHORIZATION_LINKS_PATH, async (request, reply) => {
    const body = parseRequest(linkBody, request.body ?? {}, 'body');
    try {
      const links = await createAuthorizationLinks(opts.platform, request.params.platformId, body);
      request.log.info(
        { platformId: links.platformId, accountId: links.accountId, bizAppId: links.bizAppId },
        'authorisation links created',
      );
      return reply.code(201).send(links);
    } catch (err) {
      throw linkFailure(err) ?? err;
    }
  });
}
