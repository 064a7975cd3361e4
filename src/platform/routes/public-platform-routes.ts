import type { FastifyInstance } from 'fastify';
import type { PlatformApi } from '../platform-api.js';
import { landingRoutes } from './landing-routes.js';
import { platformEventRoutes } from './platform-event-routes.js';

/** Everything under /wechat/platform/: WeChat's pushes and the administrators' landing page. */
export async function publicPlatformRoutes(
  app: FastifyInstance,
  opts: { platform: PlatformApi },
): Promise<void> {
  const { platform } = opts;
  await app.register(platformEventRoutes, { platforms: platform.platforms, deps: platform.events });
  await app.register(landingRoutes, { platform });
}
