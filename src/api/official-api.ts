import type { FastifyInstance } from 'fastify';
import type { AccountBlocks, AccountStatus } from '../accounts/index.js';
import type { AnalyticsStore } from '../analytics/analytics-store.js';
import type { Sensitive } from '../config/index.js';
import type { PlatformApi } from '../platform/platform-api.js';
import { authorizationLinkRoutes } from '../platform/routes/authorization-link-routes.js';
import type { SyncQueue } from '../queue/index.js';
import type { SyncStore } from '../store/sync-store.js';
import { bearerAuth } from './bearer-auth.js';
import { notFound } from './error-handler.js';
import { accountDataRoutes } from './routes/account-data-routes.js';
import { analyticsRoutes } from './routes/analytics-routes.js';
import { blockRoutes } from './routes/block-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { SecretDigest } from './secret-digest.js';

export const OFFICIAL_API_PREFIX = '/official-api';

export interface OfficialApiOptions {
  /** null only on a loopback HOST (checked by assertApiConfig). */
  apiToken: Sensitive | null;
  queue: SyncQueue;
  accountIds: ReadonlySet<string>;
  blocks: AccountBlocks;
  now: () => number;
  /** Synced data for the read routes (articles, followers summary, sync state); absent = those routes 404. */
  store?: SyncStore;
  status: AccountStatus;
  /** Datacube figures for the analytics route; absent = that route 404s. */
  analytics?: AnalyticsStore;
  /** Third-party platforms (authorisation links); absent = those routes 404. */
  platform?: PlatformApi | null;
}

/** Everything under /official-api: one bearer check in front of every route, the 404s included. */
export async function officialApi(app: FastifyInstance, opts: OfficialApiOptions): Promise<void> {
  if (opts.apiToken) app.addHook('onRequest', bearerAuth(new SecretDigest(opts.apiToken.reveal())));
  // A scoped 404 runs the hook above, so unknown paths do not tell an anonymous caller what exists.
  app.setNotFoundHandler(notFound);
  const { queue, accountIds, blocks, now } = opts;
  // Passed field by field: handing `opts` on would hand on its `prefix` too.
  await app.register(syncRoutes, { queue, accountIds, blocks, now });
  await app.register(blockRoutes, { accountIds, blocks });
  if (opts.store)
    await app.register(accountDataRoutes, { accountIds, store: opts.store, status: opts.status });
  if (opts.analytics) await app.register(analyticsRoutes, { accountIds, analytics: opts.analytics });
  if (opts.platform) await app.register(authorizationLinkRoutes, { platform: opts.platform });
}
