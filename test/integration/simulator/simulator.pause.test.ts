import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { WeChatWire } from '../../helpers/simulator-wire.js';
import { SimulatorControlError, type SimulatorHandle, startSimulator } from '../../simulator/index.js';

const APP = 'wx5a6b7c8d9e0f1a2b';
const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const PUBLISHED = '/cgi-bin/freepublish/batchget';

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
  await sim.control.putApp(APP, { secret: SECRET, seed: { articles: 50 } });
  token = await wx.tokenOf(APP, SECRET);
});

const page = (offset: number) => wx.data(PUBLISHED, token, { offset, count: 20, no_content: 1 });

describe('pause fault', () => {
  test('holds the (afterCalls + 1)-th matching call until released, then answers it normally', async () => {
    await sim.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED, afterCalls: 2, times: 1 });
    expect((await page(0)).json.item_count).toBe(20);
    expect((await page(20)).json.item_count).toBe(20);
    let answered = false;
    const third = page(40).then((answer) => {
      answered = true;
      return answer;
    });
    const [held] = await sim.control.waitForHeld(APP);
    expect(held).toMatchObject({
      id: 1,
      endpoint: PUBLISHED,
      params: { offset: 40, count: 20, no_content: 1 },
    });
    expect(held?.params).not.toHaveProperty('access_token');
    // A call to another endpoint is not held meanwhile.
    expect((await wx.data('/cgi-bin/draft/count', token)).json.total_count).toBe(5);
    expect(answered).toBe(false);
    expect(await sim.control.heldCalls(APP)).toHaveLength(1);

    expect(await sim.control.releaseHeld(APP)).toBe(1);
    expect((await third).json).toMatchObject({ total_count: 50, item_count: 10 });
    expect(await sim.control.heldCalls(APP)).toEqual([]);
    // `times: 1`: the fault is gone, the next call answers at once.
    expect((await page(0)).json.item_count).toBe(20);
  });

  test('waitForHeld(count) waits for that many held at once; releaseHeld() frees every app', async () => {
    await sim.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED });
    const calls = [page(0), page(20)];
    const held = await sim.control.waitForHeld(APP, 2);
    expect(held.map((c) => c.params.offset).sort()).toEqual([0, 20]);
    expect(await sim.control.releaseHeld()).toBe(2);
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.json.item_count)).toEqual([20, 20]);
  });

  test('a held call whose client went away is released without harm', async () => {
    await sim.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED, times: 1 });
    const gone = new AbortController();
    const url = `${sim.url}${PUBLISHED}?access_token=${token}`;
    const call = fetch(url, { method: 'POST', body: '{"offset":0,"count":20}', signal: gone.signal });
    await sim.control.waitForHeld(APP);
    gone.abort();
    await expect(call).rejects.toThrow();
    expect(await sim.control.releaseHeld(APP)).toBe(1);
    expect((await page(0)).json.item_count).toBe(20);
  });

  test('token calls can be held too, and their secret is not shown', async () => {
    await sim.control.addFault(APP, { kind: 'pause', endpoint: '/cgi-bin/token', times: 1 });
    const call = wx.token(APP, SECRET);
    const [held] = await sim.control.waitForHeld(APP);
    expect(held?.params).toEqual({ grant_type: 'client_credential', appid: APP });
    expect(JSON.stringify(held)).not.toContain(SECRET);
    await sim.control.releaseHeld(APP);
    expect((await call).json.access_token).toEqual(expect.any(String));
  });

  test('a wait times out with 408; bad input is 400, an unknown app 404', async () => {
    const timedOut = await sim.control.waitForHeld(APP, 1, 30).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(SimulatorControlError);
    expect(timedOut).toMatchObject({ status: 408, detail: 'timed out with 0 of 1 calls held' });
    await expect(sim.control.waitForHeld(APP, 0)).rejects.toMatchObject({ status: 400 });
    await expect(sim.control.waitForHeld('wx0000000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(sim.control.heldCalls('wx0000000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(sim.control.addFault(APP, { kind: 'pause', afterCalls: -1 })).rejects.toMatchObject({
      status: 400,
    });
  });

  test('replacing the app or a reset lets its held calls go', async () => {
    await sim.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED });
    const call = page(0);
    await sim.control.waitForHeld(APP);
    await sim.control.putApp(APP, { secret: SECRET });
    // The call carried on with a token of the replaced app, which is forgotten.
    expect((await call).json.errcode).toBe(40001);

    token = await wx.tokenOf(APP, SECRET);
    await sim.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED });
    const again = page(0);
    await sim.control.waitForHeld(APP);
    await sim.control.reset();
    expect((await again).json.errcode).toBe(40001);
  });
});

describe('closing the simulator', () => {
  test('ends a pending wait and closes while calls are held', async () => {
    const own = await startSimulator();
    const ownWire = new WeChatWire(own.url);
    await own.control.putApp(APP, { secret: SECRET });
    const ownToken = await ownWire.tokenOf(APP, SECRET);
    await own.control.addFault(APP, { kind: 'pause', endpoint: PUBLISHED });
    // Settled outcomes are taken at once: both reject while close() is awaited.
    const call = ownWire.data(PUBLISHED, ownToken, { offset: 0, count: 20 }).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await own.control.waitForHeld(APP);
    const waiting = own.control.waitForHeld(APP, 2).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await own.close();
    // Both connections are dropped, so neither caller is left waiting.
    expect(await waiting).toMatchObject({ message: 'fetch failed' });
    expect(await call).toMatchObject({ code: 'ECONNRESET' });
  });
});
