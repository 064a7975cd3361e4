import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { RID, untilChinaNoon, WeChatWire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx5f4e3d2c1b0a9f8e';
const SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SEED = {
  articles: 45,
  drafts: 7,
  followers: 25_000,
  materials: { image: 23, video: 2, voice: 1, news: 4 },
};

/** Well-formed (28 characters) but not a follower of anyone. */
const STRANGER = 'oNOTAFOLLOWER000000000000000';

let sim: SimulatorHandle;
let wx: WeChatWire;
let token: string;

beforeAll(async () => {
  sim = await startSimulator();
  wx = new WeChatWire(sim.url);
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await sim.control.reset();
  await sim.control.advanceClock(untilChinaNoon(await sim.control.now()));
  await sim.control.putApp(APP, { secret: SECRET, seed: SEED });
  token = await wx.tokenOf(APP, SECRET);
});

/** Every page of a freepublish/draft/material list, 20 at a time. */
async function allPages(path: string, extra: object = {}) {
  const pages = [];
  for (let offset = 0; ; offset += 20) {
    const page = (await wx.data(path, token, { offset, count: 20, ...extra })).json;
    pages.push(page);
    if (offset + page.item_count >= page.total_count) return pages;
  }
}

describe('/cgi-bin/freepublish/batchget', () => {
  test('pages of at most 20 cover every article once; the last page is short', async () => {
    const pages = await allPages('/cgi-bin/freepublish/batchget');
    expect(pages.map((page) => [page.total_count, page.item_count])).toEqual([
      [45, 20],
      [45, 20],
      [45, 5],
    ]);
    const ids = pages.flatMap((page) => page.item.map((item: { article_id: string }) => item.article_id));
    expect(new Set(ids).size).toBe(45);
    const first = pages[0].item[0];
    // The real shape by default: the times only inside content.
    expect(Object.keys(first)).toEqual(['article_id', 'content']);
    expect(first.content).toMatchObject({ create_time: expect.any(Number), update_time: expect.any(Number) });
    expect(first.content.news_item[0]).toMatchObject({
      title: expect.any(String),
      content: expect.stringMatching(/^<p/),
      url: expect.stringMatching(/^https:\/\/mp\.weixin\.qq\.com\/s\//),
      is_deleted: expect.any(Boolean),
    });
  });

  test.each([
    ['item', false, ['article_id', 'content', 'update_time'], ['news_item'], 'number'],
    [
      'both',
      false,
      ['article_id', 'content', 'update_time'],
      ['news_item', 'create_time', 'update_time'],
      'number',
    ],
    ['content', true, ['article_id', 'content'], ['news_item', 'create_time', 'update_time'], 'string'],
  ] as const)(
    'articleTimes %s, timesAsStrings %s: item keys, content keys, type of times',
    async (articleTimes, timesAsStrings, itemKeys, contentKeys, type) => {
      await sim.control.patchApp(APP, { articleTimes, timesAsStrings });
      const page = (await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 20 })).json;
      const item = page.item[0];
      expect(Object.keys(item)).toEqual(itemKeys);
      expect(Object.keys(item.content)).toEqual(contentKeys);
      const time = item.update_time ?? item.content.update_time;
      expect(typeof time).toBe(type);
      expect(Number(time)).toBeGreaterThan(1_500_000_000);
    },
  );

  test('an offset past the end gives an empty page', async () => {
    const page = (await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 60, count: 20 })).json;
    // WeChat leaves `item` out of an empty page.
    expect(page).toEqual({ total_count: 45, item_count: 0 });
  });

  test.each([0, 21, -1])('count %i is refused with 47001 data format error', async (count) => {
    const answer = await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count });
    expect(answer.json.errcode).toBe(47001);
    expect(answer.json.errmsg).toMatch(new RegExp(`^data format error rid: ${RID.source}$`));
  });

  test('no_content: 1 leaves out the article HTML only', async () => {
    const page = (
      await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 5, no_content: 1 })
    ).json;
    for (const item of page.item) {
      for (const news of item.content.news_item) {
        expect(news).not.toHaveProperty('content');
        expect(news.title).toEqual(expect.any(String));
      }
    }
  });

  test('the same appId gets the same articles after the app is put again', async () => {
    const before = (await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 20 })).json;
    await sim.control.putApp(APP, { secret: SECRET, seed: SEED });
    token = await wx.tokenOf(APP, SECRET);
    const after = (await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 20 })).json;
    expect(after.item.map((i: { article_id: string }) => i.article_id)).toEqual(
      before.item.map((i: { article_id: string }) => i.article_id),
    );
  });
});

describe('drafts and materials', () => {
  test('draft/count and draft/batchget agree; drafts carry media_id', async () => {
    expect((await wx.data('/cgi-bin/draft/count', token)).json).toEqual({ total_count: 7 });
    const page = (await wx.data('/cgi-bin/draft/batchget', token, { offset: 0, count: 20, no_content: 0 }))
      .json;
    expect(page).toMatchObject({ total_count: 7, item_count: 7 });
    expect(page.item[0]).toMatchObject({
      media_id: expect.any(String),
      content: { news_item: expect.any(Array) },
    });
  });

  test('get_materialcount matches the seed', async () => {
    expect((await wx.data('/cgi-bin/material/get_materialcount', token)).json).toEqual({
      voice_count: 1,
      video_count: 2,
      image_count: 23,
      news_count: 4,
    });
  });

  test('batchget_material pages images with URLs and news with news_item; an unknown type is 40004', async () => {
    const images = await allPages('/cgi-bin/material/batchget_material', { type: 'image' });
    expect(images.map((page) => page.item_count)).toEqual([20, 3]);
    expect(images[0].item[0]).toEqual({
      media_id: expect.any(String),
      name: expect.stringMatching(/\.jpg$/),
      update_time: expect.any(Number),
      url: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\//),
    });
    const news = (
      await wx.data('/cgi-bin/material/batchget_material', token, { type: 'news', offset: 0, count: 20 })
    ).json;
    expect(news.item[0].content.news_item[0].title).toEqual(expect.any(String));
    const bad = await wx.data('/cgi-bin/material/batchget_material', token, {
      type: 'gif',
      offset: 0,
      count: 1,
    });
    expect(bad.json.errcode).toBe(40004);
  });
});

describe('/cgi-bin/user/get', () => {
  /** Pages user/get until count 0 or an empty next_openid, as the sync does. */
  async function walkFollowers() {
    const seen: string[] = [];
    const counts: number[] = [];
    let next = '';
    for (;;) {
      const page = (await wx.data('/cgi-bin/user/get', token, undefined, { next_openid: next })).json;
      expect(page.total).toBe(25_000);
      counts.push(page.count);
      if (page.count === 0) {
        expect(page).not.toHaveProperty('data');
        return { seen, counts, lastNext: page.next_openid };
      }
      seen.push(...page.data.openid);
      next = page.next_openid;
      if (next === '') return { seen, counts, lastNext: next };
    }
  }

  test('real ending (default): the last page keeps next_openid, the call after it answers count 0 without data', async () => {
    const { seen, counts } = await walkFollowers();
    expect(counts).toEqual([10_000, 10_000, 5_000, 0]);
    expect(new Set(seen).size).toBe(25_000);
    expect(seen.every((id) => /^o[A-Za-z0-9_-]{27}$/.test(id))).toBe(true);
  });

  test('followersEnd empty: the last page has an empty next_openid', async () => {
    await sim.control.patchApp(APP, { followersEnd: 'empty' });
    const { seen, counts } = await walkFollowers();
    expect(counts).toEqual([10_000, 10_000, 5_000]);
    expect(new Set(seen).size).toBe(25_000);
  });

  test('an unknown next_openid is 40003', async () => {
    const answer = await wx.data('/cgi-bin/user/get', token, undefined, {
      next_openid: STRANGER,
    });
    expect(answer.json.errcode).toBe(40003);
  });

  test('an account without followers: count 0, no data field', async () => {
    await sim.control.putApp(APP, { secret: SECRET, seed: { followers: 0 } });
    token = await wx.tokenOf(APP, SECRET);
    expect((await wx.data('/cgi-bin/user/get', token)).json).toEqual({ total: 0, count: 0, next_openid: '' });
  });
});

describe('/cgi-bin/user/info/batchget', () => {
  async function someOpenids(n: number): Promise<string[]> {
    const page = (await wx.data('/cgi-bin/user/get', token)).json;
    return page.data.openid.slice(0, n);
  }

  test('up to 100 followers: full info, in the order asked', async () => {
    const openids = await someOpenids(100);
    const body = { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) };
    const { user_info_list } = (await wx.data('/cgi-bin/user/info/batchget', token, body)).json;
    expect(user_info_list.map((u: { openid: string }) => u.openid)).toEqual(openids);
    expect(user_info_list[0]).toMatchObject({
      subscribe: 1,
      nickname: expect.any(String),
      language: 'zh_CN',
      subscribe_time: expect.any(Number),
      tagid_list: expect.any(Array),
    });
  });

  test('more than 100 is 40032; a malformed openid 40003; someone who does not follow gets subscribe 0 only', async () => {
    const openids = await someOpenids(101);
    const tooMany = await wx.data('/cgi-bin/user/info/batchget', token, {
      user_list: openids.map((openid) => ({ openid })),
    });
    expect(tooMany.json.errcode).toBe(40032);
    const malformed = await wx.data('/cgi-bin/user/info/batchget', token, { user_list: [{ openid: 'x' }] });
    expect(malformed.json.errcode).toBe(40003);
    const answer = await wx.data('/cgi-bin/user/info/batchget', token, { user_list: [{ openid: STRANGER }] });
    expect(answer.json).toEqual({ user_info_list: [{ subscribe: 0, openid: STRANGER }] });
  });
});

describe('/cgi-bin/openapi/quota/get', () => {
  test('reports the daily limit and what was used today; an unknown cgi_path is 76021', async () => {
    await wx.data('/cgi-bin/user/get', token);
    await wx.data('/cgi-bin/user/get', token);
    const quota = await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: '/cgi-bin/user/get' });
    expect(quota.json).toEqual({
      errcode: 0,
      errmsg: 'ok',
      quota: { daily_limit: 500, used: 2, remain: 498 },
    });
    const unknown = await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: '/cgi-bin/nope' });
    expect(unknown.json.errcode).toBe(76021);
  });
});

describe('wire details', () => {
  test('a POST endpoint with an empty body is 44002, with a body that is not JSON 47001', async () => {
    const path = `/cgi-bin/freepublish/batchget?access_token=${encodeURIComponent(token)}`;
    expect((await wx.post(path, '')).json.errcode).toBe(44002);
    expect((await wx.post(path, '{"offset":0,')).json.errcode).toBe(47001);
    expect((await wx.post(path, '[1,2]')).json.errcode).toBe(47001);
  });

  test('an unknown path gets a plain HTTP 404, like the gateway, and counts for nobody', async () => {
    const answer = await wx.data('/cgi-bin/does/not/exist', token);
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.json).toBeUndefined();
    expect((await sim.control.stats(APP)).dataCalls).toBe(0);
  });

  test('answers are JSON with the content type WeChat sends', async () => {
    const answer = await wx.data('/cgi-bin/draft/count', token);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; encoding=utf-8');
  });
});
