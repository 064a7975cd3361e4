import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../api/api-errors.js';
import type { Platform } from '../../config/index.js';
import { apiErrorOf, PushRejection } from '../../push/push-rejection.js';
import { MAX_PUSH_BYTES } from '../../push/push-xml.js';
import { describeIssues } from '../../queue/index.js';
import {
  applyPlatformEvent,
  type EventEffect,
  type PlatformEventDeps,
} from '../events/apply-platform-event.js';
import { openPlatformPush, platformPushQuerySchema } from '../events/open-platform-push.js';
import { readPlatformEvent } from '../events/platform-event.js';

export const PLATFORM_PATH_PREFIX = '/wechat/platform/';
export const PLATFORM_EVENTS_PATH = '/wechat/platform/:platformId/events';

/**
 * WeChat waits 5 s, then retries. An exchange (component token + api_query_auth) that runs
 * longer is answered `success` anyway and finishes in the background: the same code also
 * comes back with the administrator's redirect, which waits for it.
 */
export const ANSWER_WITHIN_MS = 3_000;

export interface PlatformEventRoutesOptions {
  platforms: ReadonlyMap<string, Platform>;
  deps: PlatformEventDeps;
}

/**
 * The authorisation-event URL of each platform (授权事件接收URL): component_verify_ticket
 * every 10 minutes, and the accounts' authorized / updateauthorized / unauthorized events.
 * Public by nature: every push is proven by WeChat's msg_signature with the platform's
 * token and decrypted with its key. WeChat does not verify this URL with a GET echostr,
 * so there is no GET.
 */
export async function platformEventRoutes(
  app: FastifyInstance,
  opts: PlatformEventRoutesOptions,
): Promise<void> {
  const log = opts.deps.logger.child({ component: 'platform-events' });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_PUSH_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  function refuse(request: FastifyRequest, platformId: string, err: unknown): never {
    if (!(err instanceof PushRejection)) throw err;
    log.warn({ platformId, reason: err.reason, ip: request.ip }, 'platform push refused');
    throw apiErrorOf(err);
  }

  function logEffect(platformId: string, effect: EventEffect): void {
    if (
      effect.effect === 'ticket-stored' ||
      effect.effect === 'ticket-older-ignored' ||
      effect.effect === 'ignored'
    )
      log.debug({ platformId, ...effect }, 'platform push applied');
    else log.info({ platformId, ...effect }, 'platform push applied');
  }

  app.post<{ Params: { platformId: string } }>(
    PLATFORM_EVENTS_PATH,
    { logLevel: 'warn' },
    async (request, reply: FastifyReply) => {
      const { platformId } = request.params;
      const platform = opts.platforms.get(platformId);
      if (platform === undefined) throw new ApiError('NOT_FOUND', 'platformId: no such platform');
      const query = platformPushQuerySchema.safeParse(request.query);
      if (!query.success) throw new ApiError('BAD_REQUEST', describeIssues(query.error));
      const body = typeof request.body === 'string' ? request.body : '';
      let root: ReturnType<typeof openPlatformPush>;
      try {
        root = openPlatformPush(query.data, body, platform, Math.floor(opts.deps.now() / 1000));
      } catch (err) {
        refuse(request, platformId, err);
      }
      const event = readPlatformEvent(root);
      if (event === null)
        refuse(request, platformId, new PushRejection(400, 'push without the fields its InfoType needs'));
      const work = applyPlatformEvent(opts.deps, platform, event).then(
        (effect) => {
          logEffect(platformId, effect);
          return 'applied' as const;
        },
        (err: unknown) => {
          log.error({ err, platformId, infoType: event.infoType }, 'platform push not applied');
          // WeChat's refusal of a code (61009/61010) would be refused again: no point in a retry.
          const never = (err as { retry?: unknown } | null)?.retry === 'never';
          return never ? ('applied' as const) : ('failed' as const);
        },
      );
      const timer = new AbortController();
      const late = delay(ANSWER_WITHIN_MS, 'late' as const, { signal: timer.signal }).catch(
        () => 'late' as const,
      );
      const outcome = await Promise.race([work, late]);
      timer.abort();
      // A failure seen in time gets a 5xx, so WeChat delivers the push again.
      if (outcome === 'failed') throw new ApiError('UNAVAILABLE', 'the push could not be applied; retry');
      return reply.type('text/plain; charset=utf-8').send('success');
    },
  );
}
