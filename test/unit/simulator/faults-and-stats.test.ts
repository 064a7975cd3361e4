import { describe, expect, test } from '@jest/globals';
import { FaultList } from '../../simulator/faults.js';
import { mulberry32 } from '../../simulator/prng.js';
import { statsKeyOf } from '../../simulator/reply.js';
import { StatsCounter } from '../../simulator/stats.js';

const always = () => 0;

describe('FaultList', () => {
  test('an endpoint filter only hits that endpoint; no filter hits every endpoint', () => {
    const faults = new FaultList();
    faults.add({ kind: 'busy', endpoint: '/cgi-bin/user/get' });
    expect(faults.take('/cgi-bin/token', always)).toBeNull();
    expect(faults.take('/cgi-bin/user/get', always)).toMatchObject({ kind: 'busy' });
    faults.add({ kind: 'reset' });
    expect(faults.take('/cgi-bin/token', always)).toMatchObject({ kind: 'reset' });
  });

  test('`times` hits that many calls, then the fault is gone', () => {
    const faults = new FaultList();
    faults.add({ kind: 'html', times: 2 });
    expect(faults.take('/x', always)?.kind).toBe('html');
    expect(faults.take('/x', always)?.kind).toBe('html');
    expect(faults.take('/x', always)).toBeNull();
    expect(faults.size).toBe(0);
  });

  test('faults are checked in the order added; without times they stay until cleared', () => {
    const faults = new FaultList();
    faults.add({ kind: 'slow', delayMs: 5, times: 1 });
    faults.add({ kind: 'busy' });
    expect(faults.take('/x', always)?.kind).toBe('slow');
    for (let i = 0; i < 5; i++) expect(faults.take('/x', always)?.kind).toBe('busy');
    faults.clear();
    expect(faults.take('/x', always)).toBeNull();
  });

  test('`rate` hits about that share of calls, and a miss does not use up `times`', () => {
    const faults = new FaultList();
    faults.add({ kind: 'busy', rate: 0.25 });
    const rng = mulberry32(42);
    let hits = 0;
    for (let i = 0; i < 4000; i++) if (faults.take('/x', rng) !== null) hits++;
    expect(hits).toBeGreaterThan(850);
    expect(hits).toBeLessThan(1150);

    const counted = new FaultList();
    counted.add({ kind: 'busy', rate: 0.5, times: 1 });
    expect(counted.take('/x', () => 0.9)).toBeNull();
    expect(counted.size).toBe(1);
    expect(counted.take('/x', () => 0.1)?.kind).toBe('busy');
    expect(counted.size).toBe(0);
  });

  test('rate 0 never hits', () => {
    const faults = new FaultList();
    faults.add({ kind: 'busy', rate: 0 });
    for (let i = 0; i < 100; i++) expect(faults.take('/x', Math.random)).toBeNull();
  });
});

describe('StatsCounter', () => {
  test('counts token and data calls per endpoint, issued tokens and errors', () => {
    const stats = new StatsCounter();
    stats.tokenCall('/cgi-bin/token');
    stats.tokenIssued();
    stats.dataCallStarted('/cgi-bin/user/get')();
    stats.dataCallStarted('/cgi-bin/user/get')();
    stats.error('40001');
    stats.error('40001');
    stats.error('reset');
    expect(stats.snapshot()).toEqual({
      tokenCalls: 1,
      tokensIssued: 1,
      dataCalls: 2,
      callsByEndpoint: { '/cgi-bin/token': 1, '/cgi-bin/user/get': 2 },
      maxConcurrentDataCalls: 1,
      errorsByCode: { '40001': 2, reset: 1 },
    });
  });

  test('maxConcurrentDataCalls is the most data calls in flight at once; finishing twice counts once', () => {
    const stats = new StatsCounter();
    const a = stats.dataCallStarted('/p');
    const b = stats.dataCallStarted('/p');
    const c = stats.dataCallStarted('/p');
    a();
    a();
    b();
    const d = stats.dataCallStarted('/p');
    expect(stats.snapshot().maxConcurrentDataCalls).toBe(3);
    c();
    d();
    stats.reset();
    stats.dataCallStarted('/p');
    expect(stats.snapshot().maxConcurrentDataCalls).toBe(1);
  });

  test('a reset while calls are in flight keeps measuring them', () => {
    const stats = new StatsCounter();
    stats.dataCallStarted('/p');
    stats.reset();
    stats.dataCallStarted('/p');
    expect(stats.snapshot()).toMatchObject({ dataCalls: 1, maxConcurrentDataCalls: 2 });
  });

  test('a snapshot is a copy', () => {
    const stats = new StatsCounter();
    const snap = stats.snapshot();
    stats.error('-1');
    expect(snap.errorsByCode).toEqual({});
  });
});

describe('statsKeyOf', () => {
  test('errcode of error answers, the fault name of non-WeChat answers, null for successes', () => {
    expect(statsKeyOf({ kind: 'json', status: 200, body: { errcode: -1, errmsg: 'x' } })).toBe('-1');
    expect(statsKeyOf({ kind: 'json', status: 200, body: { errcode: 0, errmsg: 'ok' } })).toBeNull();
    expect(statsKeyOf({ kind: 'json', status: 200, body: { total: 1 } })).toBeNull();
    expect(statsKeyOf({ kind: 'reset' })).toBe('reset');
    expect(
      statsKeyOf({ kind: 'raw', status: 502, contentType: 'text/html', body: '', statsKey: 'http502' }),
    ).toBe('http502');
  });
});
