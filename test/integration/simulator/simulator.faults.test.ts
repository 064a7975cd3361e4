import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { RID, WeChatWire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx9a8b7c6d5e4f3a2b';
const OTHER = 'wx1b2c3d4e5f6a7b8c';
const SECRET = 'c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9';
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const PAGE = { offset: 0, count: 2 };

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
  await sim.control.putApp(APP, { secret: SECRET, seed: { articles: 4 } });
  await sim.control.putApp(OTHER, { secret: SECRET, seed: { articles: 4 } });
  token = await wx.tokenOf(APP, SECRET);
  await sim.control.resetStats();
});

const published = () => wx.data(PUBLISHED, token, PAGE);

describe('each fault kind', () => {
  test('busy → HTTP 200 {"errcode":-1,"errmsg":"system error rid: …"}', async () => {
    await sim.control.addFault(APP, { kind: 'busy' });
    const answer = await published();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      errcode: -1,
      errmsg: expect.stringMatching(new RegExp(`^system error rid: ${RID.source}$`)),
    });
  });

  test('http5xx → HTTP 502 with an nginx HTML page', async () => {
    await sim.control.addFault(APP, { kind: 'http5xx' });
    const answer = await published();
    expect(answer.status).toBe(502);
    expect(answer.contentType).toBe('text/html');
    expect(answer.text).toContain('<center>nginx</center>');
    expect(answer.json).toBeUndefined();
  });

  test('slow → waits delayMs, then answers normally', async () => {
    await sim.control.addFault(APP, { kind: 'slow', delayMs: 300 });
    const started = performance.now();
    const answer = await published();
    // Timers may fire a millisecond early against performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(answer.json).toMatchObject({ total_count: 4, item_count: 2 });
  });

  test('malformed → HTTP 200 JSON content type, body cut off mid-way', async () => {
    await sim.control.addFault(APP, { kind: 'malformed' });
    const answer = await published();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; encoding=utf-8');
    expect(answer.text.startsWith('{')).toBe(true);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
  });

  test('html → HTTP 200 text/html error page', async () => {
    await sim.control.addFault(APP, { kind: 'html' });
    const answer = await published();
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
  });

  test('reset → the connection is torn down without an answer (ECONNRESET)', async () => {
    await sim.control.addFault(APP, { kind: 'reset' });
    await expect(published()).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  test('quota-daily → 45009, quota-minute → 45011 with WeChat texts', async () => {
    await sim.control.addFault(APP, { kind: 'quota-daily', times: 1 });
    await sim.control.addFault(APP, { kind: 'quota-minute', times: 1 });
    expect((await published()).json.errmsg).toMatch(/^reach max api daily quota limit rid: /);
    const minute = (await published()).json;
    expect(minute.errcode).toBe(45011);
    expect(minute.errmsg).toMatch(
      new RegExp(`^api minute-quota reach limit must slower retry next minute rid: ${RID.source}$`),
    );
  });

  test('token-expired → the presented token answers 42001, also after the fault is used up', async () => {
    await sim.control.addFault(APP, { kind: 'token-expired', times: 1 });
    expect((await published()).json.errcode).toBe(42001);
    expect((await published()).json.errcode).toBe(42001);
    const fresh = await wx.tokenOf(APP, SECRET);
    expect(fresh).not.toBe(token);
    expect((await wx.data(PUBLISHED, fresh, PAGE)).json.item_count).toBe(2);
  });

  test('errcode → that code with its WeChat text; 61004 names the IP WeChat saw; the token stays valid', async () => {
    await sim.control.patchApp(APP, { egressIp: '203.0.113.7' });
    await sim.control.addFault(APP, {
      kind: 'errcode',
      errcode: 61004,
      endpoint: '/cgi-bin/stable_token',
      times: 1,
    });
    const refused = await wx.stableToken(APP, SECRET);
    expect(refused.json).toEqual({
      errcode: 61004,
      errmsg: expect.stringMatching(
        new RegExp(`^access clientip is not registered requestIP: 203\\.0\\.113\\.7 rid: ${RID.source}$`),
      ),
    });
    await sim.control.addFault(APP, { kind: 'errcode', errcode: 40001, times: 1 });
    expect((await published()).json.errcode).toBe(40001);
    expect((await published()).json.item_count).toBe(2);
    await sim.control.addFault(APP, { kind: 'errcode', errcode: 89506, times: 1 });
    expect((await published()).json.errmsg).toMatch(/^24小时内该IP被管理员拒绝调用两次/);
  });

  test("errcode with a code of the test's own needs its errmsg", async () => {
    await expect(sim.control.addFault(APP, { kind: 'errcode', errcode: 99999 })).rejects.toMatchObject({
      status: 400,
    });
    await expect(sim.control.addFault(APP, { kind: 'errcode' })).rejects.toMatchObject({ status: 400 });
    await sim.control.addFault(APP, { kind: 'errcode', errcode: 99999, errmsg: 'brand new', times: 1 });
    expect((await published()).json).toEqual({
      errcode: 99999,
      errmsg: expect.stringMatching(new RegExp(`^brand new rid: ${RID.source}$`)),
    });
  });

  test('faults hit token calls too, and count there', async () => {
    await sim.control.addFault(APP, { kind: 'http5xx', endpoint: '/cgi-bin/stable_token', times: 1 });
    await sim.control.addFault(APP, { kind: 'reset', endpoint: '/cgi-bin/token', times: 1 });
    expect((await wx.stableToken(APP, SECRET)).status).toBe(502);
    await expect(wx.token(APP, SECRET)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await sim.control.stats(APP)).toMatchObject({
      tokenCalls: 2,
      tokensIssued: 0,
      errorsByCode: { http502: 1, reset: 1 },
    });
  });
});

describe('fault selection', () => {
  test('`endpoint` limits a fault to that path', async () => {
    await sim.control.addFault(APP, { kind: 'busy', endpoint: '/cgi-bin/user/get' });
    expect((await published()).json.total_count).toBe(4);
    expect((await wx.data('/cgi-bin/user/get', token)).json.errcode).toBe(-1);
  });

  test('`times` hits that many calls, then the fault is gone', async () => {
    await sim.control.addFault(APP, { kind: 'busy', times: 2 });
    expect((await published()).json.errcode).toBe(-1);
    expect((await published()).json.errcode).toBe(-1);
    expect((await published()).json.total_count).toBe(4);
  });

  test('`rate` 0 never hits, 1 always hits', async () => {
    await sim.control.addFault(APP, { kind: 'busy', rate: 0 });
    for (let i = 0; i < 5; i++) expect((await published()).json.total_count).toBe(4);
    await sim.control.clearFaults(APP);
    await sim.control.addFault(APP, { kind: 'busy', rate: 1 });
    for (let i = 0; i < 5; i++) expect((await published()).json.errcode).toBe(-1);
  });

  test("faults belong to one app; clearFaults(appId) clears that app's, clearFaults() all", async () => {
    const other = await wx.tokenOf(OTHER, SECRET);
    await sim.control.addFault(APP, { kind: 'busy' });
    await sim.control.addFault(OTHER, { kind: 'html' });
    expect((await wx.data(PUBLISHED, other, PAGE)).contentType).toMatch(/^text\/html/);
    await sim.control.clearFaults(OTHER);
    expect((await wx.data(PUBLISHED, other, PAGE)).json.total_count).toBe(4);
    expect((await published()).json.errcode).toBe(-1);
    await sim.control.addFault(OTHER, { kind: 'html' });
    await sim.control.clearFaults();
    expect((await published()).json.total_count).toBe(4);
    expect((await wx.data(PUBLISHED, other, PAGE)).json.total_count).toBe(4);
  });

  test('errorsByCode counts every kind of fault answer', async () => {
    for (const kind of ['busy', 'http5xx', 'malformed', 'html', 'quota-daily', 'quota-minute'] as const) {
      await sim.control.addFault(APP, { kind, times: 1 });
      await published();
    }
    await sim.control.addFault(APP, { kind: 'reset', times: 1 });
    await expect(published()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await sim.control.stats(APP)).errorsByCode).toEqual({
      '-1': 1,
      http502: 1,
      malformed: 1,
      html: 1,
      '45009': 1,
      '45011': 1,
      reset: 1,
    });
  });

  test('a fault with a bad kind is refused by the control API', async () => {
    await expect(sim.control.addFault(APP, { kind: 'nope' as 'busy' })).rejects.toMatchObject({
      status: 400,
    });
  });
});
