import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { RID, untilChinaNoon, WeChatWire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx0a1b2c3d4e5f6a7b';
const SECRET = 'b7f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const PAGE = { offset: 0, count: 1, no_content: 1 };
const SEC = 1000;

let sim: SimulatorHandle;
let wx: WeChatWire;

beforeAll(async () => {
  sim = await startSimulator();
  wx = new WeChatWire(sim.url);
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  await sim.control.reset();
  await sim.control.putApp(APP, { secret: SECRET, seed: { articles: 3 } });
});

/** The errcode a data call with `token` gets (0 when it succeeds). */
async function dataErrcode(token: string): Promise<number> {
  const answer = await wx.data(PUBLISHED, token, PAGE);
  return answer.json.errcode ?? 0;
}

describe('token issue and validation order', () => {
  test('a good call issues a realistic token with expires_in 7200, as JSON over HTTP 200', async () => {
    const answer = await wx.token(APP, SECRET);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; encoding=utf-8');
    expect(answer.json).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{136,512}$/),
      expires_in: 7200,
    });
  });

  test.each([
    ['appid missing', 41002, { appid: undefined }, 'appid missing'],
    ['unknown appid', 40013, { appid: 'wx9999999999999999' }, 'invalid appid'],
    [
      'unknown appid before a wrong secret',
      40013,
      { appid: 'wx9999999999999999', secret: 'nope' },
      'invalid appid',
    ],
    ['secret missing', 41004, { secret: undefined }, 'appsecret missing'],
    ['wrong secret', 40125, { secret: 'nope' }, 'invalid appsecret'],
    ['wrong grant_type', 40002, { grant_type: 'password' }, 'invalid grant_type'],
  ])('%s → %i', async (_name, errcode, params, text) => {
    const answer = await wx.token(APP, SECRET, params);
    expect(answer.status).toBe(200);
    expect(answer.json.errcode).toBe(errcode);
    expect(answer.json.errmsg).toMatch(new RegExp(`^${text} rid: ${RID.source}$`));
  });

  test('a wrong secret is reported before the IP whitelist, the whitelist before the daily quota', async () => {
    await sim.control.patchApp(APP, {
      whitelist: ['203.0.113.10'],
      egressIp: '1.92.157.200',
      quotas: { '/cgi-bin/token': 0 },
    });
    expect((await wx.token(APP, 'nope')).json.errcode).toBe(40125);
    expect((await wx.token(APP, SECRET)).json.errcode).toBe(40164);
    await sim.control.patchApp(APP, { whitelist: ['1.92.157.200'] });
    expect((await wx.token(APP, SECRET)).json.errcode).toBe(45009);
  });

  test('stable_token takes a JSON body: empty → 44002, not JSON → 47001', async () => {
    expect((await wx.post('/cgi-bin/stable_token', '')).json.errcode).toBe(44002);
    expect((await wx.post('/cgi-bin/stable_token', '{"appid":')).json.errcode).toBe(47001);
    expect((await wx.stableToken(APP, 'nope')).json.errcode).toBe(40125);
  });

  test("rids carry the sim clock's Unix seconds in their first group", async () => {
    await sim.control.advanceClock(30 * 86_400 * SEC);
    const before = Math.floor((await sim.control.now()) / SEC);
    const answer = await wx.token(APP, 'nope');
    const after = Math.floor((await sim.control.now()) / SEC);
    const rid = RID.exec(answer.json.errmsg)?.[0] ?? '';
    const seconds = Number.parseInt(rid.slice(0, 8), 16);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(after);
    expect(seconds * SEC).toBeGreaterThan(Date.now() + 29 * 86_400 * SEC);
  });
});

describe('IP whitelist (40164)', () => {
  test("shape 1 reproduces the seed's message byte for byte", async () => {
    await sim.control.patchApp(APP, { whitelist: ['203.0.113.10'], egressIp: '1.92.157.200' });
    const answer = await wx.token(APP, SECRET);
    expect(answer.json.errcode).toBe(40164);
    const rid = RID.exec(answer.json.errmsg)?.[0];
    expect(answer.json.errmsg).toBe(
      `invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: ${rid}`,
    );
  });

  const H = '\\[[A-Za-z0-9_.!-]{14}\\]';
  const R = RID.source;
  test.each([
    [2, `^invalid ip 1\\.92\\.157\\.200 ipv6 ::ffff:1\\.92\\.157\\.200, not in whitelist, rid: ${R}$`],
    [3, `^invalid ip 1\\.92\\.157\\.200 ipv6 ::ffff:1\\.92\\.157\\.200, not in whitelist hint: ${H}$`],
    [
      4,
      `^invalid ip 1\\.92\\.157\\.200 ipv6 ::ffff:1\\.92\\.157\\.200, not in whitelist hint: ${H} rid: ${R}$`,
    ],
    [5, `^invalid ip 1\\.92\\.157\\.200, not in whitelist hint: ${H}$`],
    [6, `^invalid ip, not in whitelist hint: ${H}$`],
    [7, '^invalid ip 1\\.92\\.157\\.200, not in whitelist$'],
  ] as const)('shape %i on both token endpoints', async (shape, pattern) => {
    await sim.control.patchApp(APP, { whitelist: [], egressIp: '1.92.157.200', ipErrorShape: shape });
    for (const answer of [await wx.token(APP, SECRET), await wx.stableToken(APP, SECRET)]) {
      expect(answer.json.errcode).toBe(40164);
      expect(answer.json.errmsg).toMatch(new RegExp(pattern));
    }
  });

  test("without any egress setting the socket's address is the one WeChat sees", async () => {
    await sim.control.patchApp(APP, { whitelist: ['203.0.113.10'] });
    const refused = await wx.token(APP, SECRET);
    expect(refused.json.errmsg).toMatch(
      /^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: /,
    );
    await sim.control.patchApp(APP, { whitelist: ['203.0.113.10', '127.0.0.1'] });
    expect((await wx.token(APP, SECRET)).json.access_token).toEqual(expect.any(String));
  });

  test("the global egress IP applies to apps without their own; an app's own egressIp wins", async () => {
    await sim.control.setGlobalEgressIp('198.51.100.4');
    await sim.control.putApp('wx1111111111111111', { secret: SECRET, whitelist: ['198.51.100.4'] });
    await sim.control.patchApp(APP, { whitelist: ['198.51.100.4'], egressIp: '1.92.157.200' });
    expect((await wx.token('wx1111111111111111', SECRET)).json.access_token).toEqual(expect.any(String));
    expect((await wx.token(APP, SECRET)).json.errmsg).toMatch(/^invalid ip 1\.92\.157\.200 /);
    await sim.control.setGlobalEgressIp(null);
    expect((await wx.token('wx1111111111111111', SECRET)).json.errmsg).toMatch(/^invalid ip 127\.0\.0\.1 /);
  });
});

describe('/cgi-bin/token', () => {
  test('a new token supersedes the previous one, which keeps working for the overlap, then answers 40001', async () => {
    const first = (await wx.token(APP, SECRET)).json.access_token;
    const second = (await wx.token(APP, SECRET)).json.access_token;
    expect(second).not.toBe(first);
    expect(await dataErrcode(first)).toBe(0);
    await sim.control.advanceClock(299 * SEC);
    expect(await dataErrcode(first)).toBe(0);
    await sim.control.advanceClock(2 * SEC);
    const answer = await wx.data(PUBLISHED, first, PAGE);
    expect(answer.json.errcode).toBe(40001);
    expect(answer.json.errmsg).toMatch(
      new RegExp(
        `^invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl\\.cn/s/JtxxFh33r rid: ${RID.source}$`,
      ),
    );
    expect(await dataErrcode(second)).toBe(0);
  });

  test('tokenOverlapSec 0: the previous token is refused at once', async () => {
    await sim.control.patchApp(APP, { tokenOverlapSec: 0 });
    const first = (await wx.token(APP, SECRET)).json.access_token;
    await wx.token(APP, SECRET);
    expect(await dataErrcode(first)).toBe(40001);
  });

  test('a token past its TTL answers 42001 access_token expired', async () => {
    await sim.control.patchApp(APP, { tokenTtlSec: 60 });
    const answer = await wx.token(APP, SECRET);
    expect(answer.json.expires_in).toBe(60);
    await sim.control.advanceClock(60 * SEC);
    const expired = await wx.data(PUBLISHED, answer.json.access_token, PAGE);
    expect(expired.json).toEqual({
      errcode: 42001,
      errmsg: expect.stringMatching(/^access_token expired rid: /),
    });
  });
});

describe('/cgi-bin/stable_token', () => {
  test('without force: the same token while valid, expires_in = remaining lifetime', async () => {
    const first = (await wx.stableToken(APP, SECRET)).json;
    expect(first.expires_in).toBe(7200);
    await sim.control.advanceClock(3600 * SEC);
    const again = (await wx.stableToken(APP, SECRET)).json;
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBeGreaterThanOrEqual(3599);
    expect(again.expires_in).toBeLessThanOrEqual(3600);
    expect(await sim.control.stats(APP)).toMatchObject({ tokenCalls: 2, tokensIssued: 1 });
  });

  test('in the last 300 s it rotates; the old token works until its own expiry; expires_in is never below 300', async () => {
    const first = (await wx.stableToken(APP, SECRET)).json.access_token;
    await sim.control.advanceClock((7200 - 299) * SEC);
    const rotated = (await wx.stableToken(APP, SECRET)).json;
    expect(rotated.access_token).not.toBe(first);
    expect(rotated.expires_in).toBe(7200);
    expect(await dataErrcode(first)).toBe(0);
    await sim.control.advanceClock(300 * SEC);
    expect(await dataErrcode(first)).toBe(42001);
    expect(await dataErrcode(rotated.access_token)).toBe(0);
  });

  test('stable tokens and /cgi-bin/token tokens do not supersede each other', async () => {
    await sim.control.patchApp(APP, { tokenOverlapSec: 0 });
    const stable = await wx.tokenOf(APP, SECRET);
    await wx.token(APP, SECRET);
    await wx.token(APP, SECRET);
    expect(await dataErrcode(stable)).toBe(0);
    expect(await wx.tokenOf(APP, SECRET)).toBe(stable);
  });

  test('force_refresh invalidates the current token and reissues; one less than 30 s later renews nothing and answers the current token, no error', async () => {
    const first = await wx.tokenOf(APP, SECRET);
    const forced = (await wx.stableToken(APP, SECRET, true)).json.access_token;
    expect(forced).not.toBe(first);
    expect(await dataErrcode(first)).toBe(40001);
    expect(await dataErrcode(forced)).toBe(0);
    await sim.control.advanceClock(29 * SEC);
    const tooSoon = await wx.stableToken(APP, SECRET, true);
    expect(tooSoon.json).toEqual({ access_token: forced, expires_in: expect.any(Number) });
    // The remaining life (the sim clock runs on in real time too, hence a range).
    expect(tooSoon.json.expires_in).toBeGreaterThan(7200 - 29 - 5);
    expect(tooSoon.json.expires_in).toBeLessThanOrEqual(7200 - 29);
    expect(await dataErrcode(forced)).toBe(0);
    await sim.control.advanceClock(1 * SEC);
    const later = (await wx.stableToken(APP, SECRET, true)).json.access_token;
    expect(later).not.toBe(forced);
    expect(await dataErrcode(forced)).toBe(40001);
  });

  test('forceRefreshTooSoon 45011: a force less than 30 s after the previous one is an error instead', async () => {
    await sim.control.patchApp(APP, { forceRefreshTooSoon: '45011' });
    await wx.stableToken(APP, SECRET, true);
    const tooSoon = await wx.stableToken(APP, SECRET, true);
    expect(tooSoon.json.errcode).toBe(45011);
    await sim.control.advanceClock(30 * SEC);
    expect((await wx.stableToken(APP, SECRET, true)).json.access_token).toEqual(expect.any(String));
  });

  test('force_refresh: at most 20 a day (45009)', async () => {
    // 20 forces 31 s apart take 10 sim minutes: start at noon so no quota day ends meanwhile.
    await sim.control.advanceClock(untilChinaNoon(await sim.control.now()));
    for (let i = 0; i < 20; i++) {
      expect((await wx.stableToken(APP, SECRET, true)).json.access_token).toEqual(expect.any(String));
      await sim.control.advanceClock(31 * SEC);
    }
    const capped = await wx.stableToken(APP, SECRET, true);
    expect(capped.json.errcode).toBe(45009);
    expect(await sim.control.stats(APP)).toMatchObject({ tokenCalls: 21, tokensIssued: 20 });
  });
});

describe('data calls and their token', () => {
  test('no access_token → 41001; unknown → 40001', async () => {
    expect((await wx.data(PUBLISHED, null, PAGE)).json.errcode).toBe(41001);
    expect((await wx.data(PUBLISHED, '86_not-a-token', PAGE)).json.errcode).toBe(40001);
  });

  test('expireTokens: every token the app holds answers 42001; stable_token then issues a new one', async () => {
    const stable = await wx.tokenOf(APP, SECRET);
    const plain = (await wx.token(APP, SECRET)).json.access_token;
    await sim.control.expireTokens(APP);
    expect(await dataErrcode(stable)).toBe(42001);
    expect(await dataErrcode(plain)).toBe(42001);
    const fresh = await wx.tokenOf(APP, SECRET);
    expect(fresh).not.toBe(stable);
    expect(await dataErrcode(fresh)).toBe(0);
  });

  test("tokens are per app: one app's token reads that app's data only", async () => {
    await sim.control.putApp('wx2222222222222222', { secret: SECRET, seed: { articles: 7 } });
    const mine = await wx.tokenOf(APP, SECRET);
    const theirs = await wx.tokenOf('wx2222222222222222', SECRET);
    expect((await wx.data(PUBLISHED, mine, PAGE)).json.total_count).toBe(3);
    expect((await wx.data(PUBLISHED, theirs, PAGE)).json.total_count).toBe(7);
  });

  test('replacing an app with putApp forgets its tokens', async () => {
    const token = await wx.tokenOf(APP, SECRET);
    await sim.control.putApp(APP, { secret: SECRET });
    expect(await dataErrcode(token)).toBe(40001);
  });

  test('patchApp keeps tokens', async () => {
    const token = await wx.tokenOf(APP, SECRET);
    await sim.control.patchApp(APP, { latencyMs: 1 });
    expect(await dataErrcode(token)).toBe(0);
  });
});
