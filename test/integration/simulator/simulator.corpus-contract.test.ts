import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { type CorpusEntry, loadCorpus } from '../../fixtures/wechat/corpus.js';
import { errmsgTemplate, shapeMismatch } from '../../helpers/answer-shape.js';
import { untilChinaNoon, WeChatWire } from '../../helpers/simulator-wire.js';
import { SIM_ERRCODES } from '../../simulator/error-messages.js';
import {
  type FaultInput,
  type FaultKind,
  type SimulatorHandle,
  startSimulator,
} from '../../simulator/index.js';
import type { Reply } from '../../simulator/reply.js';
import { IP_ERROR_SHAPES } from '../../simulator/whitelist-message.js';

/**
 * The contract between the simulator and the recorded-answers corpus: every answer the
 * simulator gives, in every mode, fault and switch, has a shape the corpus holds (same
 * keys and types for successes; same errcode and wording for errors; the same bytes for
 * gateway pages). A simulator that drifts from WeChat's real answers fails here, not in
 * the first real sync.
 */

const APP = 'wx7c6b5a4f3e2d1c0b';
const SECRET = '7c6b5a4f3e2d1c0b7c6b5a4f3e2d1c0b';
const SEED = {
  articles: 25,
  drafts: 3,
  followers: 10_005,
  materials: { image: 2, video: 1, voice: 1, news: 2 },
};
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const corpus = loadCorpus();

let sim: SimulatorHandle;
let wx: WeChatWire;
let token: string;
const replies: { path: string; reply: Reply }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ onReply: (path, reply) => replies.push({ path, reply }) });
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

/** Why a reply matches no corpus entry, or null when one holds its shape. */
function unmatched(path: string, reply: Reply): string | null {
  if (reply.kind === 'reset') return null;
  if (reply.kind === 'raw') {
    const same = corpus.some(
      ({ answer }) =>
        'text' in answer &&
        answer.status === reply.status &&
        answer.contentType === reply.contentType &&
        answer.text === reply.body,
    );
    return same ? null : `${path}: raw ${reply.status} ${reply.contentType} answer not in the corpus`;
  }
  const body = reply.body as Record<string, unknown>;
  const errcode = Number(body.errcode ?? 0);
  if (errcode !== 0) {
    const template = errmsgTemplate(String(body.errmsg));
    const held = corpus.some(
      ({ answer }) =>
        'json' in answer &&
        Number(answer.json.errcode) === errcode &&
        errmsgTemplate(String(answer.json.errmsg)) === template,
    );
    return held ? null : `${path}: errcode ${errcode} "${template}" not in the corpus`;
  }
  const candidates = corpus.filter(
    (e: CorpusEntry) => e.endpoint === path && 'ok' in e.expect && 'json' in e.answer,
  );
  const misses = candidates.map((e) => shapeMismatch(body, 'json' in e.answer ? e.answer.json : null));
  if (misses.includes(null)) return null;
  return `${path}: no corpus entry has this shape (${candidates.length} tried; nearest: ${misses[0] ?? 'none'})`;
}

/** Drives every reply recorded since `from` through the corpus and lists the ones it does not hold. */
function strays(from: number): string[] {
  return replies.slice(from).flatMap(({ path, reply }) => unmatched(path, reply) ?? []);
}

async function walkFollowers(): Promise<void> {
  let next = '';
  for (let calls = 0; calls < 10; calls++) {
    const page = (await wx.data('/cgi-bin/user/get', token, undefined, { next_openid: next })).json;
    if (page.count === 0 || page.next_openid === '') return;
    next = page.next_openid;
  }
  throw new Error('user/get did not end within 10 calls');
}

async function everyDataEndpoint(): Promise<void> {
  for (const offset of [0, 20, 40]) await wx.data(PUBLISHED, token, { offset, count: 20 });
  await wx.data(PUBLISHED, token, { offset: 0, count: 20, no_content: 1 });
  await wx.data('/cgi-bin/draft/batchget', token, { offset: 0, count: 20 });
  await wx.data('/cgi-bin/draft/batchget', token, { offset: 20, count: 20 });
  await wx.data('/cgi-bin/draft/count', token);
  await wx.data('/cgi-bin/material/get_materialcount', token);
  for (const type of ['image', 'video', 'voice', 'news'])
    await wx.data('/cgi-bin/material/batchget_material', token, { type, offset: 0, count: 20 });
  await walkFollowers();
  const first = (await wx.data('/cgi-bin/user/get', token)).json.data.openid.slice(0, 3);
  const user_list = [...first, 'oNOTAFOLLOWER000000000000000'].map((openid: string) => ({ openid }));
  await wx.data('/cgi-bin/user/info/batchget', token, { user_list });
  await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: '/cgi-bin/user/get' });
}

describe('successes', () => {
  test('tokens: both endpoints, a force, and a force too soon', async () => {
    const from = replies.length;
    await wx.token(APP, SECRET);
    await wx.stableToken(APP, SECRET, true);
    await wx.stableToken(APP, SECRET, true);
    expect(replies.length - from).toBe(3);
    expect(strays(from)).toEqual([]);
  });

  test.each([
    ['the default (real) answers', {}],
    ['articleTimes item', { articleTimes: 'item' }],
    ['articleTimes both', { articleTimes: 'both' }],
    ['timesAsStrings', { timesAsStrings: true }],
    ['followersEnd empty', { followersEnd: 'empty' }],
    ['untimedArticles', { untimedArticles: 2 }],
  ] as const)('every data endpoint, %s', async (_, switches) => {
    await sim.control.patchApp(APP, switches);
    const from = replies.length;
    await everyDataEndpoint();
    expect(replies.length - from).toBeGreaterThan(12);
    expect(strays(from)).toEqual([]);
  });
});

describe('refusals', () => {
  test('token checks in WeChat order, the whitelist in its seven shapes, and the quota', async () => {
    const from = replies.length;
    await wx.token('', SECRET);
    await wx.token('wx0000000000000000', SECRET);
    await wx.token(APP, SECRET, { grant_type: 'password' });
    await wx.token(APP, SECRET, { secret: undefined });
    await wx.token(APP, 'wrong');
    await wx.post('/cgi-bin/stable_token', '');
    await wx.post('/cgi-bin/stable_token', 'not json');
    await sim.control.patchApp(APP, { whitelist: ['10.0.0.1'], egressIp: '1.92.157.200' });
    for (const ipErrorShape of IP_ERROR_SHAPES) {
      await sim.control.patchApp(APP, { ipErrorShape });
      await wx.stableToken(APP, SECRET);
    }
    await sim.control.patchApp(APP, { whitelist: null, quotas: { '/cgi-bin/token': 0 } });
    await wx.token(APP, SECRET);
    await sim.control.patchApp(APP, { forceRefreshTooSoon: '45011' });
    await wx.stableToken(APP, SECRET, true);
    await wx.stableToken(APP, SECRET, true);
    expect(replies.length - from).toBe(17);
    expect(strays(from)).toEqual([]);
  });

  test('data calls: missing, unknown, expired and superseded tokens, bad bodies and parameters, quota', async () => {
    const from = replies.length;
    await wx.data(PUBLISHED, null, { offset: 0, count: 1 });
    await wx.data(PUBLISHED, 'not-a-token', { offset: 0, count: 1 });
    await wx.data(PUBLISHED, token, { offset: 0, count: 21 });
    await wx.post(`${PUBLISHED}?access_token=${token}`, '');
    await wx.post(`${PUBLISHED}?access_token=${token}`, '{oops');
    await wx.data('/cgi-bin/material/batchget_material', token, { type: 'gif', offset: 0, count: 1 });
    await wx.data('/cgi-bin/user/get', token, undefined, { next_openid: 'oNOTAFOLLOWER000000000000000' });
    await wx.data('/cgi-bin/user/info/batchget', token, { user_list: [] });
    await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: '/cgi-bin/nothing' });
    await sim.control.patchApp(APP, { quotas: { [PUBLISHED]: 0 } });
    await wx.data(PUBLISHED, token, { offset: 0, count: 1 });
    await sim.control.patchApp(APP, { tokenOverlapSec: 0 });
    const first = (await wx.token(APP, SECRET)).json.access_token;
    await wx.token(APP, SECRET);
    await wx.data('/cgi-bin/draft/count', first);
    await sim.control.expireTokens(APP);
    await wx.data('/cgi-bin/draft/count', token);
    await wx.data('/cgi-bin/no/such/path', token);
    expect(replies.length - from).toBe(15);
    expect(strays(from)).toEqual([]);
  });
});

describe('faults', () => {
  /** One fault of every kind; a new kind fails to compile here until it is given one. */
  const FAULTS: Record<FaultKind, FaultInput> = {
    busy: { kind: 'busy', times: 1 },
    http5xx: { kind: 'http5xx', times: 1 },
    slow: { kind: 'slow', delayMs: 1, times: 1 },
    malformed: { kind: 'malformed', times: 1 },
    html: { kind: 'html', times: 1 },
    reset: { kind: 'reset', times: 1 },
    'quota-daily': { kind: 'quota-daily', times: 1 },
    'quota-minute': { kind: 'quota-minute', times: 1 },
    'token-expired': { kind: 'token-expired', times: 1 },
    pause: { kind: 'pause', times: 1 },
    errcode: { kind: 'errcode', errcode: -1, times: 1 },
  };

  test.each(Object.entries(FAULTS))('%s', async (kind, fault) => {
    await sim.control.addFault(APP, fault);
    const from = replies.length;
    const call = wx.data(PUBLISHED, token, { offset: 0, count: 1 }).catch((err: unknown) => err);
    if (kind === 'pause') {
      await sim.control.waitForHeld(APP, 1, 10_000);
      await sim.control.releaseHeld(APP);
    }
    await call;
    expect(replies.length - from).toBe(1);
    expect(strays(from)).toEqual([]);
  });

  test('errcode: every code the simulator can answer, on a token call and on a data call', async () => {
    await sim.control.patchApp(APP, { egressIp: '203.0.113.7' });
    const from = replies.length;
    for (const errcode of SIM_ERRCODES) {
      await sim.control.addFault(APP, { kind: 'errcode', errcode, times: 2 });
      await wx.stableToken(APP, SECRET);
      await wx.data(PUBLISHED, token, { offset: 0, count: 1 });
    }
    const answered = replies
      .slice(from)
      .map(({ reply }) =>
        reply.kind === 'json' ? Number((reply.body as { errcode?: unknown }).errcode) : NaN,
      );
    expect(new Set(answered)).toEqual(new Set(SIM_ERRCODES));
    expect(strays(from)).toEqual([]);
  });
});

describe('platform mode', () => {
  const PLATFORM = 'wx7c6b5a4f3e2d1c0c';
  const PLATFORM_SECRET = '7c6b5a4f3e2d1c0c7c6b5a4f3e2d1c0c';
  const AUTHORIZER = 'wx7c6b5a4f3e2d1c0d';
  const C = '/cgi-bin/component';

  beforeEach(async () => {
    await sim.platform.put(PLATFORM, {
      secret: PLATFORM_SECRET,
      token: 'contract-push-token',
      encodingAESKey: 'contractAbCdEfGhIjKlMnOpQrStUvWxYz012345678',
    });
    await sim.control.putApp(AUTHORIZER, { secret: SECRET, seed: SEED });
  });

  const post = (path: string, componentToken: string | null, body: unknown) =>
    wx.post(
      componentToken === null ? path : `${path}?component_access_token=${encodeURIComponent(componentToken)}`,
      typeof body === 'string' ? body : JSON.stringify(body),
    );

  async function componentToken(): Promise<string> {
    const { ticket } = await sim.platform.pushTicket(PLATFORM);
    const body = {
      component_appid: PLATFORM,
      component_appsecret: PLATFORM_SECRET,
      component_verify_ticket: ticket,
    };
    return (await post(`${C}/api_component_token`, null, body)).json.component_access_token;
  }

  /** Every component endpoint's success, then the account's data through its authorizer token. */
  async function everyComponentEndpoint(): Promise<void> {
    const ct = await componentToken();
    await componentToken();
    const app = { component_appid: PLATFORM };
    const { pre_auth_code } = (await post(`${C}/api_create_preauthcode`, ct, app)).json;
    const { authCode } = await sim.platform.approve(PLATFORM, {
      preAuthCode: pre_auth_code,
      authorizerAppId: AUTHORIZER,
      redirectUri: 'https://ops.example.com/landing',
    });
    const info = (await post(`${C}/api_query_auth`, ct, { ...app, authorization_code: authCode })).json
      .authorization_info;
    const refreshed = {
      ...app,
      authorizer_appid: AUTHORIZER,
      authorizer_refresh_token: info.authorizer_refresh_token,
    };
    const { authorizer_access_token } = (await post(`${C}/api_authorizer_token`, ct, refreshed)).json;
    await post(`${C}/api_get_authorizer_info`, ct, { ...app, authorizer_appid: AUTHORIZER });
    await post(`${C}/api_get_authorizer_list`, ct, { ...app, offset: 0, count: 500 });
    await post(`${C}/api_get_authorizer_list`, ct, { ...app, offset: 5, count: 500 });
    await wx.data(PUBLISHED, authorizer_access_token, { offset: 0, count: 20 });
    await wx.data('/cgi-bin/user/get', authorizer_access_token);
  }

  test.each([
    ['the defaults', {}],
    ['componentTokenReuse', { componentTokenReuse: true }],
    ['rotateRefreshToken', { rotateRefreshToken: true }],
    ['authCodeReusable', { authCodeReusable: true }],
  ] as const)('successes of every component endpoint, %s', async (_, switches) => {
    await sim.platform.patch(PLATFORM, switches);
    const from = replies.length;
    await everyComponentEndpoint();
    expect(replies.length - from).toBe(10);
    expect(strays(from)).toEqual([]);
  });

  test('refusals: checks, ticket, codes, authorisation, whitelist, faults', async () => {
    const ct = await componentToken();
    const app = { component_appid: PLATFORM };
    const from = replies.length;
    const good = { ...app, component_appsecret: PLATFORM_SECRET, component_verify_ticket: 'ticket@@@x' };
    await post(`${C}/api_component_token`, null, '');
    await post(`${C}/api_component_token`, null, '{oops');
    await post(`${C}/api_component_token`, null, { ...good, component_appid: undefined });
    await post(`${C}/api_component_token`, null, { ...good, component_appid: 'wx0000000000000000' });
    await post(`${C}/api_component_token`, null, { ...good, component_appsecret: undefined });
    await post(`${C}/api_component_token`, null, { ...good, component_appsecret: 'wrong' });
    await post(`${C}/api_component_token`, null, good);
    await sim.platform.expireTickets(PLATFORM);
    const { ticket } = await sim.platform.pushTicket(PLATFORM);
    await sim.platform.expireTickets(PLATFORM);
    await post(`${C}/api_component_token`, null, { ...good, component_verify_ticket: ticket });
    await post(`${C}/api_create_preauthcode`, null, app);
    await post(`${C}/api_create_preauthcode`, 'not-a-token', app);
    await post(`${C}/api_create_preauthcode`, ct, { component_appid: 'wx0000000000000000' });
    await post(`${C}/api_query_auth`, ct, app);
    await post(`${C}/api_query_auth`, ct, { ...app, authorization_code: 'queryauthcode@@@x' });
    const { authCode } = await sim.platform.authorize(PLATFORM, { authorizerAppId: AUTHORIZER });
    await sim.control.advanceClock(600_000);
    await post(`${C}/api_query_auth`, ct, { ...app, authorization_code: authCode });
    const stale = { ...app, authorizer_appid: AUTHORIZER, authorizer_refresh_token: 'refreshtoken@@@x' };
    await post(`${C}/api_authorizer_token`, ct, stale);
    await post(`${C}/api_authorizer_token`, ct, { ...stale, authorizer_appid: 'wx0000000000000000' });
    await post(`${C}/api_get_authorizer_info`, ct, { ...app, authorizer_appid: 'wx0000000000000000' });
    await post(`${C}/api_get_authorizer_list`, ct, { ...app, offset: 0, count: 501 });
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '203.0.113.7' });
    await post(`${C}/api_get_authorizer_list`, ct, { ...app, offset: 0, count: 1 });
    await sim.platform.patch(PLATFORM, { whitelist: null });
    await sim.platform.addFault(PLATFORM, { kind: 'errcode', errcode: 61007, times: 1 });
    await sim.platform.addFault(PLATFORM, { kind: 'http5xx', times: 1 });
    await post(`${C}/api_create_preauthcode`, ct, app);
    await post(`${C}/api_create_preauthcode`, ct, app);
    await sim.platform.expireTokens(PLATFORM);
    await post(`${C}/api_create_preauthcode`, ct, app);
    expect(replies.length - from).toBe(22);
    expect(strays(from)).toEqual([]);
    const codes = new Set(
      replies
        .slice(from)
        .flatMap(({ reply }) =>
          reply.kind === 'json' ? [Number((reply.body as { errcode?: unknown }).errcode)] : [],
        ),
    );
    for (const code of [
      44002, 47001, 41002, 40013, 41004, 40125, 61006, 61005, 41001, 40001, 61009, 61010, 61023, 61003, 40097,
      61004, 61007, 42001,
    ])
      expect(codes).toContain(code);
  });

  test("a data call with an authorizer token outside the platform's whitelist", async () => {
    const ct = await componentToken();
    const { authCode } = await sim.platform.authorize(PLATFORM, { authorizerAppId: AUTHORIZER });
    const q = { component_appid: PLATFORM, authorization_code: authCode };
    const { authorizer_access_token } = (await post(`${C}/api_query_auth`, ct, q)).json.authorization_info;
    await sim.platform.patch(PLATFORM, { whitelist: ['10.0.0.1'], egressIp: '203.0.113.7' });
    const from = replies.length;
    const refused = await wx.data(PUBLISHED, authorizer_access_token, { offset: 0, count: 1 });
    expect(refused.json.errcode).toBe(61004);
    expect(strays(from)).toEqual([]);
  });
});

describe('the contract itself', () => {
  test('catches a drifted answer: a success with a field the corpus does not hold, an unknown errmsg', () => {
    const drifted = {
      total: 1,
      count: 1,
      data: { openid: ['oLVPpjqs2BhvzwPj5A-vTYAX4GLc'] },
      next_openid: '',
      cursor: 2,
    };
    expect(unmatched('/cgi-bin/user/get', { kind: 'json', status: 200, body: drifted })).toMatch(
      /no corpus entry/,
    );
    const page = {
      total_count: 1,
      item_count: 1,
      item: [{ article_id: 'a', content: { news_item: [] }, update_time: 1, publish_status: 0 }],
    };
    expect(unmatched(PUBLISHED, { kind: 'json', status: 200, body: page })).toMatch(/no corpus entry/);
    const reworded = {
      errcode: 40164,
      errmsg: 'your ip 1.2.3.4 is not allowed rid: 6931a0b2-1c2d3e4f-5a6b7c8d',
    };
    expect(unmatched('/cgi-bin/token', { kind: 'json', status: 200, body: reworded })).toMatch(
      /not in the corpus/,
    );
  });
});
