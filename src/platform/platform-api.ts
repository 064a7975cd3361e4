import type { Logger } from 'pino';
import type { AppConfig, Platform } from '../config/index.js';
import type { RedisClient } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { seedToken } from '../token/seed-token.js';
import type { TokenCache } from '../token/token-cache.js';
import type { WeChatClient } from '../wechat/client.js';
import type { ComponentApi } from '../wechat/component-api.js';
import type { PlatformEventDeps } from './events/apply-platform-event.js';
import type { PlatformStores } from './platform-stores.js';

/** What the platform routes (events, authorisation links, landing page) need. */
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

/** From the shared Services; null when the accounts file configures no platform. */
export function platformApiFrom(services: {
  config: Pick<AppConfig, 'platforms' | 'accounts' | 'publicUrl' | 'wechatMpBase' | 'wechatOpenBase'>;
  redis: RedisClient;
  keys: RedisKeys;
  client: Pick<WeChatClient, 'component'>;
  componentTokens: Pick<TokenCache, 'withToken'>;
  platformStores: PlatformStores;
  logger: Logger;
  now?: () => number;
}): PlatformApi | null {
  const { config, redis, keys, client, componentTokens, platformStores } = services;
  if (config.platforms.length === 0) return null;
  const now = services.now ?? Date.now;
  const accounts = new Map<string, { accountId: string; appId: string; platformId: string }>();
  for (const a of config.accounts)
    if (a.platform !== undefined && a.appId !== undefined)
      accounts.set(a.accountId, { accountId: a.accountId, appId: a.appId, platformId: a.platform });
  return {
    platforms: new Map(config.platforms.map((p) => [p.platformId, p])),
    accounts,
    component: client.component,
    links: {
      publicUrl: config.publicUrl,
      wechatMpBase: config.wechatMpBase,
      wechatOpenBase: config.wechatOpenBase,
    },
    events: {
      redis,
      keys,
      authorizations: platformStores.authorizations,
      tickets: platformStores.tickets,
      component: client.component,
      withComponentToken: (platform, fn) =>
        componentTokens.withToken(
          {
            appId: platform.componentAppId,
            platformId: platform.platformId,
            componentAppSecret: platform.componentAppSecret,
          },
          fn,
        ),
      seedToken: (appId, issued) => seedToken(redis, keys, appId, issued, now()),
      dropToken: async (appId) => {
        await redis.del(keys.token(appId));
      },
      now,
      logger: services.logger,
    },
  };
}
