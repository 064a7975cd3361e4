import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { addDays, backfillWindow, beijingMidnightSec } from '../../src/analytics/beijing-days.js';
import type { SyncSummary } from '../../src/sync/index.js';
import { DATACUBE_APIS } from '../../src/wechat/types.js';
import { type PushWorld, pushesSettled, startPushWorld } from '../helpers/push-world.js';
import { massSendEventXml } from '../simulator/index.js';

const ACCOUNT = 'analytics-main';
const APP_ID = 'wx13c0000000000003';
const SECRET = 's3cret-analytics';
const DAYS = 90;

let world: PushWorld;
// The window the sync and the simulator agree on (both read the real clock; the sim clock is not moved here).
const window = backfillWindow(Date.now(), DAYS);
const failingDay = addDays(window.from, 40);
const massSendDay = addDays(window.from, 10);

beforeAll(async () => {
  world = await startPushWorld(
    'analytics',
    [{ accountId: ACCOUNT, appId: APP_ID, secret: SECRET, sync: ['analytics'] }],
    { analyticsBackfillDays: DAYS, analyticsCallsPerPass: 100 },
  );
  await world.system.sim.control.putApp(APP_ID, {
    secret: SECRET,
    seed: { followers: 20 },
    datacubeFailDays: [failingDay],
  });
});

afterAll(async () => {
  await world.close();
});

const simApp = () => world.system.sim.state.requireApp(APP_ID);

async function pass(): Promise<NonNullable<SyncSummary['kinds']['analytics']>> {
  const job = await world.system.finished(await world.system.enqueue(ACCOUNT), 60_000);
  expect(await job.getState()).toBe('completed');
  const summary = (job.returnvalue as SyncSummary).kinds.analytics;
  if (!summary) throw new Error('no analytics summary');
  return summary;
}

async function figures(api: string) {
  const res = await world.app.inject({
    method: 'GET',
    url: `/official-api/wechat/accounts/${ACCOUNT}/analytics/${api}?from=${window.from}&to=${window.to}`,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { days: Record<string, unknown[]>; missing: string[]; failed: Record<string, string> };
}

async function articleIds(): Promise<Array<{ articleId: string; massSent?: boolean }>> {
  const res = await world.app.inject({
    method: 'GET',
    url: `/official-api/wechat/accounts/${ACCOUNT}/articles?limit=100`,
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: Array<{ articleId: string; massSent?: boolean }> }).items;
}

describe('analytics: a 90-day backfill with one day failing', () => {
  const send = () => simApp().events.massSends[0]!;

  test('the first pass stores 89 days of every API and reports the failed day missing', async () => {
    simApp().events.massSend('群发的文章', Date.now(), massSendDay);
    const summary = await pass();
    expect(summary).toMatchObject({ completed: false, missingDays: DATACUBE_APIS.length });
    for (const api of DATACUBE_APIS) {
      const got = await figures(api);
      expect(Object.keys(got.days)).toHaveLength(DAYS - 1);
      expect(got.missing).toEqual([failingDay]);
      expect(got.failed[failingDay]).toContain('TransientError');
    }
    // No request reached past the window or past a span: the simulator answers 61501 to those.
    const stats = await world.system.sim.control.stats(APP_ID);
    expect(stats.errorsByCode['61501'] ?? 0).toBe(0);
  });

  test('a mass-sent article appears in the articles read API after the pass', async () => {
    const items = await articleIds();
    expect(items).toContainEqual(
      expect.objectContaining({ articleId: `mass-${send().msgid}`, massSent: true }),
    );
  });

  test('the next pass fetches only the failed day and completes the window', async () => {
    simApp().patch({ datacubeFailDays: [] });
    await world.system.sim.control.resetStats(APP_ID);
    const summary = await pass();
    expect(summary).toMatchObject({ completed: true, missingDays: 0, wechatCalls: DATACUBE_APIS.length });
    for (const api of DATACUBE_APIS) {
      const got = await figures(api);
      expect(Object.keys(got.days)).toHaveLength(DAYS);
      expect(got.missing).toEqual([]);
    }
  });

  test('a MASSSENDJOBFINISH push makes the next pass collect that day again, with its new article', async () => {
    const day = addDays(window.to, -1);
    const later = simApp().events.massSend('推送通知的群发', Date.now(), day);
    const createTime = beijingMidnightSec(day) + 3600;
    const outcome = await world
      .sender(ACCOUNT, 'safe')
      .send(massSendEventXml('gh_sim', createTime, later.msgid.split('_')[0]!, 20));
    expect(outcome.status).toBe(200);
    await pushesSettled(world, ACCOUNT);
    expect((await figures('getarticletotal')).missing).toEqual([day]);
    const summary = await pass();
    expect(summary.completed).toBe(true);
    const items = await articleIds();
    expect(items).toContainEqual(
      expect.objectContaining({ articleId: `mass-${later.msgid}`, massSent: true }),
    );
  });
});

describe('analytics read API', () => {
  test.each([
    ['a bad day', `from=2024-13-01&to=${window.to}`],
    ['before 2014-12-01', `from=2014-11-30&to=2014-12-02`],
    ['to before from', `from=${window.to}&to=${window.from}`],
    ['more than a year', `from=2020-01-01&to=2021-06-01`],
    ['an unknown parameter', `from=${window.from}&to=${window.to}&x=1`],
  ])('%s is 400', async (_name, query) => {
    const res = await world.app.inject({
      method: 'GET',
      url: `/official-api/wechat/accounts/${ACCOUNT}/analytics/getusersummary?${query}`,
    });
    expect(res.statusCode).toBe(400);
  });

  test('an unknown API is 400', async () => {
    const res = await world.app.inject({
      method: 'GET',
      url: `/official-api/wechat/accounts/${ACCOUNT}/analytics/getfoo?from=${window.from}&to=${window.to}`,
    });
    expect(res.statusCode).toBe(400);
  });
});
