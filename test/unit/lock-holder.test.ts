import { describe, expect, test } from '@jest/globals';
import { parseAcquireReply } from '../../src/lock/acquire-reply.js';
import { hashFromFlatArray, holderFromHash } from '../../src/lock/lock-holder.js';
import { ownerToken } from '../../src/lock/owner-token.js';

const complete = { owner: 'h:1:j:ab', jobId: 'j', host: 'h', pid: '1', since: '1700000000000', fence: '7' };

describe('holderFromHash', () => {
  test('reads a complete holder hash with numeric fields as numbers', () => {
    expect(holderFromHash(complete)).toEqual({
      owner: 'h:1:j:ab',
      jobId: 'j',
      host: 'h',
      pid: 1,
      since: 1_700_000_000_000,
      fence: 7,
    });
  });

  test('an absent hash (HGETALL of a missing key) is no holder', () => {
    expect(holderFromHash({})).toBeNull();
  });

  test.each(['owner', 'jobId', 'host', 'pid', 'since', 'fence'])(
    'a hash without %s is no holder',
    (field) => {
      const partial: Record<string, string> = { ...complete };
      delete partial[field];
      expect(holderFromHash(partial)).toBeNull();
    },
  );

  test.each([
    ['pid', 'abc'],
    ['fence', '1.5'],
    ['since', ''],
    ['fence', '99999999999999999999'],
  ])('a non-integer %s (%s) is no holder', (field, value) => {
    expect(holderFromHash({ ...complete, [field]: value })).toBeNull();
  });
});

describe('hashFromFlatArray', () => {
  test('pairs fields with values and ignores a dangling field', () => {
    expect(hashFromFlatArray(['a', '1', 'b', 2, 'c'])).toEqual({ a: '1', b: '2' });
  });
});

describe('parseAcquireReply', () => {
  test('taken: the fence, and no reads when none were asked for', () => {
    expect(parseAcquireReply([1, 42, [], []])).toEqual({
      acquired: true,
      fence: 42,
      strings: [],
      hashes: [],
    });
  });

  test('taken with reads: string values (null for a missing key) and hashes', () => {
    expect(parseAcquireReply([1, 7, ['{"a":1}', null], [['f', 'v', 'g', 'w'], []]])).toEqual({
      acquired: true,
      fence: 7,
      strings: ['{"a":1}', null],
      hashes: [{ f: 'v', g: 'w' }, {}],
    });
  });

  test("guarded: the guard key's value and remaining life, the lock untouched", () => {
    expect(parseAcquireReply([2, 900, '{"code":"IP_NOT_WHITELISTED"}'])).toEqual({
      acquired: false,
      guard: { value: '{"code":"IP_NOT_WHITELISTED"}', ttlMs: 900 },
    });
  });

  test('busy: remaining ttl and the holder', () => {
    const flat = Object.entries(complete).flat();
    expect(parseAcquireReply([0, 1234, flat])).toEqual({
      acquired: false,
      ttlMs: 1234,
      holder: holderFromHash(complete),
    });
  });

  test('busy without a holder hash: holder null', () => {
    expect(parseAcquireReply([0, -1, []])).toEqual({ acquired: false, ttlMs: -1, holder: null });
  });

  test.each([[null], ['OK'], [[2, 1]], [[2, 1, 5]], [[1, '3']], [[0, 5]]])(
    'rejects an impossible reply %j',
    (reply) => {
      expect(() => parseAcquireReply(reply)).toThrow(TypeError);
    },
  );
});

describe('ownerToken', () => {
  test('names host, pid and job, and differs on every call', () => {
    const a = ownerToken('host-1', 42, 'job-9');
    const b = ownerToken('host-1', 42, 'job-9');
    expect(a).toMatch(/^host-1:42:job-9:[0-9a-f]{16}$/);
    expect(b).not.toBe(a);
  });
});
