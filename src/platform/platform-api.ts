import type { AppConfig, Platform } from '../config/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { seedToken } from '../token/seed-token.js';
import type { ComponentApi } from '../wechat/component-api.js';
import { componentApp } from './component-token.js';
import type { PlatformEventDeps } from './events/apply-platform-event.js';
import type { PlatformDeps } from './platform-deps.js';

/** What the public platform routes (events, landing page) and the authorisation links need. */
export interface PlatformApi {
  platforms: ReadonlyMap<string, Platform>;
  /** api_create_preauthcode for authorisation links. */
  component: Pick<ComponentApi, 'createPreAuthCode'>;
  /** Exchanging codes, storing tickets and revocations. */
  events: PlatformEventDeps;
  /** Building authorisation links: PUBLIC_URL (null = links refused) and WeChat's page origins. */
  links: Pick<AppConfig, 'publicUrl' | 'wechatMpBase' | 'wechatOpenBase'>;
  /** The configured accounts of platform mode, by accountId (an authorisation link may be pinned to one). */
  accounts: ReadonlyMap<string, { accountId: string; appId: string; platformId: string }>;
}

/**
 * The routes' view of the platform operations (CORE's PlatformDeps), with the Redis the
 * API reads through (the code guard, the token cache seeding) and the link settings.
 */
export function platformApiOf(
  deps: PlatformDeps,
  wiring: {
    redis: RedisClient;
    keys: RedisKeys;
    links: Pick<AppConfig, 'publicUrl' | 'wechatMpBase' | 'wechatOpenBase'>;
  },
): PlatformApi {
  const { redis, keys } = wiring;
  const accounts = new Map<string, { accountId: string; appId: string; platformId: string }>();
  for (const a of deps.accounts)
    if (a.platform !== undefined)
      accounts.set(a.accountId, { accountId: a.accountId, appId: a.appId, platformId: a.platform });
  return {
    platforms: new Map(deps.platforms.map((p) => [p.platformId, p])),
    accounts,
    component: deps.component,
    links: wiring.links,
    events: {
      redis,
      keys,
      authorizations: deps.stores.authorizations,
      tickets: deps.stores.tickets,
      component: deps.component,
      withComponentToken: (platform, fn) => deps.componentTokens.withToken(componentApp(platform), fn),
      seedToken: (appId, issued) => seedToken(redis, keys, appId, issued, deps.now()),
      dropToken: async (appId) => {
        await redis.del(keys.token(appId));
      },
      now: deps.now,
      logger: deps.logger,
    },
  };
}
