import fastifyHelmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Lang, langFromAcceptLanguage } from '../../i18n/index.js';
import { rememberSecret } from '../../log/secret-registry.js';
import { completeAuthorization } from '../landing/complete-authorization.js';
import { type LandingResult, landingView } from '../landing/landing-view.js';
import type { PlatformApi } from '../platform-api.js';
import { platformTemplatesDir } from '../templates-dir.js';

export const LANDING_PATH = '/wechat/platform/:platformId/authorized';

/** Per client IP and minute: an administrator lands once; a scanner guessing codes gets 429s. */
export const LANDING_MAX_PER_MINUTE = 20;

// Administrators are mostly Chinese speakers; the page shows English below anyway.
const DEFAULT_LANDING_LANG: Lang = 'zh-CN';

const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
};

const MIN_REMEMBERED_CODE = 32;

// WeChat's codes are printable ASCII (`queryauthcode@@@…`); the bound keeps hashing and logs cheap.
const landingQuery = z.looseObject({
  auth_code: z.string().regex(/^[\x21-\x7e]{1,512}$/),
  expires_in: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

/**
 * The page WeChat redirects the administrator's browser to after the approval, with the
 * single-use auth code: exchanged (once, whether the push or this page gets there first)
 * and answered with a small bilingual page. Public: the code is the proof.
 */
export async function landingRoutes(app: FastifyInstance, opts: { platform: PlatformApi }): Promise<void> {
  const api = opts.platform;
  const { redis, keys } = api.events;
  const eta = new Eta({ views: platformTemplatesDir(), cache: true });
  await app.register(fastifyHelmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY, hsts: false });

  function send(request: FastifyRequest, reply: FastifyReply, result: LandingResult): FastifyReply {
    const lang = langFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LANDING_LANG;
    const html = eta.render('authorized', landingView(result, lang));
    return reply
      .code(result.status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  }

  await app.register(rateLimit, {
    max: LANDING_MAX_PER_MINUTE,
    timeWindow: 60_000,
    redis,
    nameSpace: `${keys.rateLimitNamespace()}landing:`,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: () => ({ statusCode: 429, error: 'Too Many Requests', message: 'rate limited' }),
  });
  // The limiter throws its answer; shown as the page, not as JSON.
  app.setErrorHandler((err: { statusCode?: number }, request, reply) => {
    if (err.statusCode !== 429) throw err;
    return send(request, reply, {
      outcome: 'bad',
      status: 429,
      platformName: '',
      lines: [{ key: 'landing.tooMany' }],
    });
  });

  const log = api.events.logger.child({ component: 'platform-landing' });
  // The request line would quote the URL, code included: this route logs its own line instead.
  app.get<{ Params: { platformId: string } }>(LANDING_PATH, { logLevel: 'warn' }, async (request, reply) => {
    const platform = api.platforms.get(request.params.platformId);
    if (platform === undefined)
      return send(request, reply, {
        outcome: 'bad',
        status: 404,
        platformName: '',
        lines: [{ key: 'landing.unknownPlatform' }],
      });
    const platformName = platform.name ?? platform.platformId;
    const query = landingQuery.safeParse(request.query);
    if (!query.success)
      return send(request, reply, {
        outcome: 'bad',
        status: 400,
        platformName,
        lines: [{ key: 'landing.noCode' }],
      });
    // Single use, but a credential until exchanged: any line that quotes it prints [redacted].
    // Only code-like values (WeChat's are long): an anonymous caller must not get common words redacted.
    if (query.data.auth_code.length >= MIN_REMEMBERED_CODE) rememberSecret(query.data.auth_code);
    const result = await completeAuthorization(api, platform, query.data.auth_code, request.id);
    const line = {
      platformId: platform.platformId,
      status: result.status,
      appId: result.appId,
      ip: request.ip,
    };
    if (result.outcome === 'bad') log.warn(line, 'authorisation landing failed');
    else log.info(line, 'authorisation landing');
    return send(request, reply, result);
  });
}
