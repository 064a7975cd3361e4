import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AnalyticsStore } from '../../analytics/analytics-store.js';
import { dayRange, daysBetween, FIRST_DATACUBE_DAY, isDay } from '../../analytics/beijing-days.js';
import { DATACUBE_APIS } from '../../wechat/types.js';
import { badRequest, unknownAccount } from '../api-errors.js';
import { accountIdSchema, parseRequest } from '../request-schemas.js';

export interface AnalyticsRoutesOptions {
  accountIds: ReadonlySet<string>;
  analytics: AnalyticsStore;
}

/** One answer covers at most this many days (a year), so a request cannot pull years of figures at once. */
export const MAX_ANALYTICS_DAYS = 366;

const day = z
  .string({ error: 'must be a day YYYY-MM-DD (given once)' })
  .refine(isDay, 'must be a day YYYY-MM-DD')
  .refine((d) => d >= FIRST_DATACUBE_DAY, `must not be before ${FIRST_DATACUBE_DAY}`);

const querySchema = z.object({ from: day, to: day }).strict();
const apiSchema = z.enum(DATACUBE_APIS, { error: `must be one of ${DATACUBE_APIS.join(', ')}` });

type Params = { Params: { accountId: string; api: string }; Querystring: Record<string, unknown> };

/**
 * `GET /official-api/wechat/accounts/:accountId/analytics/:api?from=&to=`: the stored
 * datacube figures of one API by Beijing day, and which days of the range are missing
 * (with why, when their last fetch failed).
 */
export async function analyticsRoutes(app: FastifyInstance, opts: AnalyticsRoutesOptions): Promise<void> {
  app.get<Params>('/wechat/accounts/:accountId/analytics/:api', async (request) => {
    const accountId = parseRequest(accountIdSchema, request.params.accountId, 'accountId');
    if (!opts.accountIds.has(accountId)) throw unknownAccount(accountId);
    const api = parseRequest(apiSchema, request.params.api, 'api');
    const { from, to } = parseRequest(querySchema, request.query, 'query');
    if (to < from) throw badRequest('query.to: must not be before query.from');
    if (daysBetween(from, to) >= MAX_ANALYTICS_DAYS)
      throw badRequest(`query: at most ${MAX_ANALYTICS_DAYS} days`);
    const range = await opts.analytics.range(accountId, api, dayRange(from, to));
    return { accountId, api, from, to, ...range };
  });
}
