import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { untilChinaNoon, WeChatWire, wire } from '../../helpers/simulator-wire.js';
import { type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx3c4d5e6f7a8b9c0d';
const OTHER = 'wx7e8f9a0b1c2d3e4f';
const SECRET = 'e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6';
const PUBLISHED = '/cgi-bin/freepublish/batchget';
const PAGE = { offset: 0, count: 1, no_content: 1 };
const HOUR = 3_600_000;

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
  // Daily counters restart at midnight China time; start every test at noon there.
  await sim.control.advanceClock(untilChinaNoon(await sim.control.now()));
  await sim.control.putApp(APP, { secret: SECRET, seed: { articles: 3, followers: 30 } });
});

describe('daily quotas', () => {
  test('token calls past the limit answer 45009 until the next China day', async () => {
    await sim.control.patchApp(APP, { quotas: { '/cgi-bin/token': 2 } });
    expect((await wx.token(APP, SECRET)).json.access_token).toEqual(expect.any(String));
    expect((await wx.token(APP, SECRET)).json.access_token).toEqual(expect.any(String));
    const refused = (await wx.token(APP, SECRET)).json;
    expect(refused.errcode).toBe(45009);
    expect(refused.errmsg).toMatch(/^reach max api daily quota limit rid: /);
    expect(await sim.control.stats(APP)).toMatchObject({ tokenCalls: 3, tokensIssued: 2 });
    await sim.control.advanceClock(11 * HOUR);
    expect((await wx.token(APP, SECRET)).json.errcode).toBe(45009);
    await sim.control.advanceClock(1 * HOUR);
    expect((await wx.token(APP, SECRET)).json.access_token).toEqual(expect.any(String));
  });

  test('freepublish/batchget: 100 a day by default; quota/get reports it', async () => {
    const token = await wx.tokenOf(APP, SECRET);
    for (let i = 0; i < 100; i++) expect((await wx.data(PUBLISHED, token, PAGE)).json.total_count).toBe(3);
    expect((await wx.data(PUBLISHED, token, PAGE)).json.errcode).toBe(45009);
    const quota = await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: PUBLISHED });
    expect(quota.json.quota).toEqual({ daily_limit: 100, used: 100, remain: 0 });
  });

  test('quotas: false switches every limit off (and quota/get knows no path)', async () => {
    await sim.control.patchApp(APP, { quotas: false });
    const token = await wx.tokenOf(APP, SECRET);
    for (let i = 0; i < 101; i++) expect((await wx.data(PUBLISHED, token, PAGE)).json.total_count).toBe(3);
    const quota = await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: PUBLISHED });
    expect(quota.json.errcode).toBe(76021);
  });

  test('an override applies to one path; the others keep their defaults', async () => {
    await sim.control.patchApp(APP, { quotas: { '/cgi-bin/user/get': 1 } });
    const token = await wx.tokenOf(APP, SECRET);
    expect((await wx.data('/cgi-bin/user/get', token)).json.total).toBe(30);
    expect((await wx.data('/cgi-bin/user/get', token)).json.errcode).toBe(45009);
    const quota = await wx.data('/cgi-bin/openapi/quota/get', token, { cgi_path: '/cgi-bin/stable_token' });
    expect(quota.json.quota).toEqual({ daily_limit: 500_000, used: 1, remain: 499_999 });
  });
});

describe('counters', () => {
  test('token calls, issued tokens, data calls per endpoint and errors by code', async () => {
    const token = await wx.tokenOf(APP, SECRET);
    await wx.tokenOf(APP, SECRET);
    await wx.stableToken(APP, 'wrong');
    await wx.token('wx0000000000000000', SECRET);
    await wx.data(PUBLISHED, token, PAGE);
    await wx.data(PUBLISHED, token, PAGE);
    await wx.data('/cgi-bin/user/get', token, undefined, { next_openid: 'oNOTAFOLLOWER000000000000000' });
    expect(await sim.control.stats(APP)).toEqual({
      tokenCalls: 3,
      tokensIssued: 1,
      dataCalls: 3,
      callsByEndpoint: { '/cgi-bin/stable_token': 3, [PUBLISHED]: 2, '/cgi-bin/user/get': 1 },
      maxConcurrentDataCalls: 1,
      errorsByCode: { '40125': 1, '40003': 1 },
    });
  });

  test('maxConcurrentDataCalls: the most data calls of the app in flight at once', async () => {
    // 1 s per call is far longer than it takes to send six requests, even on a busy machine.
    await sim.control.patchApp(APP, { latencyMs: 1_000 });
    await sim.control.putApp(OTHER, { secret: SECRET });
    const token = await wx.tokenOf(APP, SECRET);
    const other = await wx.tokenOf(OTHER, SECRET);
    const started = performance.now();
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => wx.data(PUBLISHED, token, PAGE)),
      wx.data(PUBLISHED, other, PAGE),
    ]);
    expect(answers.every((answer) => answer.json.total_count !== undefined)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(995);
    expect((await sim.control.stats(APP)).maxConcurrentDataCalls).toBe(6);
    expect((await sim.control.stats(OTHER)).maxConcurrentDataCalls).toBe(1);
  });

  test('one call after another never overlaps', async () => {
    await sim.control.patchApp(APP, { latencyMs: 20 });
    const token = await wx.tokenOf(APP, SECRET);
    for (let i = 0; i < 3; i++) await wx.data(PUBLISHED, token, PAGE);
    expect(await sim.control.stats(APP)).toMatchObject({ dataCalls: 3, maxConcurrentDataCalls: 1 });
  });

  test('resetStats(appId) clears one app, resetStats() all', async () => {
    await sim.control.putApp(OTHER, { secret: SECRET });
    await wx.tokenOf(APP, SECRET);
    await wx.tokenOf(OTHER, SECRET);
    await sim.control.resetStats(APP);
    expect((await sim.control.stats(APP)).tokenCalls).toBe(0);
    expect((await sim.control.stats(OTHER)).tokenCalls).toBe(1);
    await sim.control.resetStats();
    expect((await sim.control.stats(OTHER)).tokenCalls).toBe(0);
  });
});

describe('clock and control API', () => {
  test('now() is real time until advanced; advanceClock moves it forward; reset() brings it back', async () => {
    await sim.control.reset();
    const before = Date.now();
    const now = await sim.control.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    await sim.control.advanceClock(5 * HOUR);
    expect(await sim.control.now()).toBeGreaterThanOrEqual(before + 5 * HOUR);
    await sim.control.reset();
    expect(await sim.control.now()).toBeLessThanOrEqual(Date.now());
  });

  test('reset() forgets every app and the global egress IP', async () => {
    await sim.control.setGlobalEgressIp('198.51.100.4');
    await sim.control.reset();
    expect((await wx.token(APP, SECRET)).json.errcode).toBe(40013);
    expect((await wire(`${sim.url}/__sim/settings`)).json).toEqual({ egressIp: null });
  });

  test('bad control input is refused with the field named; unknown apps are 404', async () => {
    await expect(sim.control.putApp(APP, { secret: SECRET, tokenOverlapSec: 900 })).rejects.toMatchObject({
      name: 'SimulatorControlError',
      status: 400,
      message: expect.stringContaining('tokenOverlapSec'),
    });
    await expect(sim.control.stats('wx0000000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(sim.control.patchApp('wx0000000000000000', { latencyMs: 1 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(sim.control.advanceClock(-1)).rejects.toMatchObject({ status: 400 });
  });

  test('close() is idempotent and stops the server', async () => {
    const extra = await startSimulator();
    await extra.control.reset();
    await Promise.all([extra.close(), extra.close()]);
    await extra.close();
    await expect(wire(`${extra.url}/__sim/clock`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test('close() does not wait for a slow answer in flight', async () => {
    const extra = await startSimulator();
    await extra.control.putApp(APP, { secret: SECRET });
    await extra.control.addFault(APP, { kind: 'slow', delayMs: 60_000 });
    const pending = new WeChatWire(extra.url).token(APP, SECRET);
    await waitForTokenCall(extra);
    await extra.close();
    await expect(pending).rejects.toThrow();
  });
});

/** Resolves once the simulator has counted a token call (polls the control API, no sleeps). */
async function waitForTokenCall(sim: SimulatorHandle): Promise<void> {
  while ((await sim.control.stats(APP)).tokenCalls === 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
