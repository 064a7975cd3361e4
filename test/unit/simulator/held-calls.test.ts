import { describe, expect, test } from '@jest/globals';
import { FaultList } from '../../simulator/faults.js';
import { describeParams, HeldCalls, HeldWaitError } from '../../simulator/held-calls.js';

const always = () => 0;
const PUBLISHED = '/cgi-bin/freepublish/batchget';

describe('FaultList afterCalls', () => {
  test('lets that many matching calls through, then hits; other endpoints do not count', () => {
    const faults = new FaultList();
    faults.add({ kind: 'pause', endpoint: PUBLISHED, afterCalls: 2, times: 1 });
    expect(faults.take(PUBLISHED, always)).toBeNull();
    expect(faults.take('/cgi-bin/user/get', always)).toBeNull();
    expect(faults.take(PUBLISHED, always)).toBeNull();
    expect(faults.take(PUBLISHED, always)).toMatchObject({ kind: 'pause' });
    expect(faults.take(PUBLISHED, always)).toBeNull();
    expect(faults.size).toBe(0);
  });

  test('a call let through goes on to the next fault', () => {
    const faults = new FaultList();
    faults.add({ kind: 'pause', afterCalls: 1 });
    faults.add({ kind: 'busy', times: 1 });
    expect(faults.take('/x', always)?.kind).toBe('busy');
    expect(faults.take('/x', always)?.kind).toBe('pause');
  });
});

describe('HeldCalls', () => {
  test('holds calls until released; a waiter wakes when enough are held at once', async () => {
    const held = new HeldCalls();
    const never = new AbortController().signal;
    const waiting = held.whenHeld(2, 10_000, never);
    const first = held.hold(PUBLISHED, { offset: 40 }, 1000, never);
    expect(held.list()).toEqual([{ id: 1, endpoint: PUBLISHED, params: { offset: 40 }, heldAt: 1000 }]);
    const second = held.hold(PUBLISHED, { offset: 60 }, 2000, never);
    const calls = await waiting;
    expect(calls.map((c) => [c.id, c.params.offset])).toEqual([
      [1, 40],
      [2, 60],
    ]);
    // Already held: answers at once.
    expect(await held.whenHeld(1, 10_000, never)).toHaveLength(2);

    let released = false;
    void Promise.all([first, second]).then(() => {
      released = true;
    });
    await Promise.resolve();
    expect(released).toBe(false);
    expect(held.releaseAll()).toBe(2);
    await Promise.all([first, second]);
    expect(held.list()).toEqual([]);
    expect(held.releaseAll()).toBe(0);
  });

  test('a wait gives up after its timeout, saying how many were held', async () => {
    const held = new HeldCalls();
    const never = new AbortController().signal;
    void held.hold(PUBLISHED, {}, 0, never);
    const error = await held.whenHeld(2, 20, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeldWaitError);
    expect(error).toMatchObject({ reason: 'timeout', wanted: 2, held: 1 });
    held.releaseAll();
  });

  test('closing (the signal) lets held calls go and ends waits', async () => {
    const held = new HeldCalls();
    const shutdown = new AbortController();
    const call = held.hold(PUBLISHED, {}, 0, shutdown.signal);
    const waiting = held.whenHeld(5, 10_000, shutdown.signal);
    shutdown.abort();
    await expect(call).resolves.toBeUndefined();
    expect(held.list()).toEqual([]);
    await expect(waiting).rejects.toMatchObject({ reason: 'closed', wanted: 5 });
    await expect(held.hold(PUBLISHED, {}, 0, shutdown.signal)).resolves.toBeUndefined();
  });
});

describe('describeParams', () => {
  test('query and JSON body fields, without the access token or the secret', () => {
    const query = new URLSearchParams({ access_token: 'TOKEN', next_openid: 'o1' });
    expect(describeParams(query, '{"offset":20,"count":20}')).toEqual({
      next_openid: 'o1',
      offset: 20,
      count: 20,
    });
    const token = new URLSearchParams({ grant_type: 'client_credential', appid: 'wx1', secret: 'S' });
    expect(describeParams(token, '')).toEqual({ grant_type: 'client_credential', appid: 'wx1' });
    expect(describeParams(new URLSearchParams(), '{"secret":"S","appid":"wx1"}')).toEqual({ appid: 'wx1' });
    expect(describeParams(new URLSearchParams(), '{not json')).toEqual({});
  });
});
