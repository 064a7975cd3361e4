import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { addDays, latestReadyDay } from '../../../src/analytics/beijing-days.js';
import { WeChatWire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx13e0000000000005';
const SECRET = 'datacube-secret';

let sim: SimulatorHandle;
let wx: WeChatWire;
let token: string;
let newest: string;

beforeAll(async () => {
  sim = await startSimulator();
  wx = new WeChatWire(sim.url);
  newest = latestReadyDay(await sim.control.now());
  await sim.control.putApp(APP, {
    secret: SECRET,
    seed: { articles: 2, followers: 10 },
    datacubeFailDays: [addDays(newest, -3)],
  });
  token = await wx.tokenOf(APP, SECRET);
});

afterAll(async () => {
  await sim.close();
});

const cube = (api: string, begin: string, end: string) =>
  wx.data(`/datacube/${api}`, token, { begin_date: begin, end_date: end });

describe('datacube', () => {
  test('a span within the limit answers one row per day', async () => {
    const { json } = await cube('getusersummary', addDays(newest, -12), addDays(newest, -6));
    expect(json.list.map((r: { ref_date: string }) => r.ref_date)).toHaveLength(7);
  });

  test.each([
    ['getusersummary over 7 days', 'getusersummary', -20, -12],
    ['getarticletotal over 1 day', 'getarticletotal', -9, -8],
    ['end_date past the newest ready day', 'getusercumulate', -1, 1],
  ])('%s is 61501', async (_name, api, from, to) => {
    const { json } = await cube(api, addDays(newest, from), addDays(newest, to));
    expect(json.errcode).toBe(61501);
  });

  test('a malformed date is 61500', async () => {
    expect((await cube('getusersummary', '2026-1-1', '2026-01-02')).json.errcode).toBe(61500);
  });

  test('a day in datacubeFailDays answers -1 for any range covering it', async () => {
    expect((await cube('getusersummary', addDays(newest, -5), addDays(newest, 0))).json.errcode).toBe(-1);
    expect((await cube('getarticletotal', addDays(newest, -3), addDays(newest, -3))).json.errcode).toBe(-1);
  });

  test('getarticletotal lists the mass sends of the day by msgid; freepublish does not', async () => {
    const day = addDays(newest, -7);
    const send = sim.state.requireApp(APP).events.massSend('群发标题', Date.now(), day);
    const { json } = await cube('getarticletotal', day, day);
    expect(json.list).toEqual([
      expect.objectContaining({ ref_date: day, msgid: send.msgid, title: '群发标题' }),
    ]);
    const published = (await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 20 })).json;
    expect(JSON.stringify(published)).not.toContain('群发标题');
  });
});

describe('freepublish/getarticle', () => {
  test('answers the news items of a published post; an unknown id is 53600', async () => {
    const [post] = sim.state.requireApp(APP).content().published;
    const { json } = await wx.data('/cgi-bin/freepublish/getarticle', token, {
      article_id: post!.article_id,
    });
    expect(json.news_item[0].title).toBe(post!.content.news_item[0]!.title);
    expect(
      (await wx.data('/cgi-bin/freepublish/getarticle', token, { article_id: 'nope' })).json.errcode,
    ).toBe(53600);
  });
});
