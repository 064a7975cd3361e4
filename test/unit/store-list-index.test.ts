import { describe, expect, test } from '@jest/globals';
import { InvalidCursorError } from '../../src/store/invalid-cursor-error.js';
import { decodeCursor, encodeCursor, idOfMember, indexMember } from '../../src/store/list-index.js';

describe('indexMember', () => {
  test('pads the time so text order is time order, then id order', () => {
    const members = [
      indexMember(99, 'b'),
      indexMember(1_700_000_000, 'a'),
      indexMember(99, 'a'),
      indexMember(100, 'a'),
    ];
    expect([...members].sort()).toEqual([
      indexMember(99, 'a'),
      indexMember(99, 'b'),
      indexMember(100, 'a'),
      indexMember(1_700_000_000, 'a'),
    ]);
    expect(indexMember(1_700_000_000, 'a')).toBe('0000001700000000:a');
  });

  test('the id comes back out, even when it contains the separator', () => {
    expect(idOfMember(indexMember(5, 'a:b:c'))).toBe('a:b:c');
  });

  test('refuses times that would break the order, and empty ids', () => {
    for (const t of [-1, 1.5, Number.NaN, 10 ** 16]) expect(() => indexMember(t, 'a')).toThrow(RangeError);
    expect(() => indexMember(1, '')).toThrow(RangeError);
  });
});

describe('cursors', () => {
  test('round-trip an index member and are URL-safe', () => {
    const member = indexMember(1_700_000_000, 'Zx-_/+=:文');
    const cursor = encodeCursor(member);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(member);
  });

  test('anything encodeCursor did not make is an InvalidCursorError', () => {
    const notMembers = [
      '',
      'has space',
      'a+b/c=',
      encodeCursor('no-time'),
      encodeCursor('0000000000000001:'),
    ];
    for (const cursor of notMembers) expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  test('a non-canonical spelling of a valid cursor is refused too (no two cursors for one position)', () => {
    const member = indexMember(1, 'ab');
    expect(encodeCursor(member)).toBe('MDAwMDAwMDAwMDAwMDAwMTphYg');
    // Differs only in the unused low bits of the last character, so it decodes to the same member.
    const variant = 'MDAwMDAwMDAwMDAwMDAwMTphYh';
    expect(Buffer.from(variant, 'base64url').toString('utf8')).toBe(member);
    expect(() => decodeCursor(variant)).toThrow(InvalidCursorError);
  });

  test('the error carries the cursor and a literal name', () => {
    const err = new InvalidCursorError('bogus');
    expect(err.name).toBe('InvalidCursorError');
    expect(err.cursor).toBe('bogus');
    expect(err.toJSON()).toMatchObject({ name: 'InvalidCursorError', cursor: 'bogus', retry: 'never' });
  });
});
