import { describe, expect, test } from '@jest/globals';
import { parseJsonBody } from '../../src/api/json-body-parser.js';
import { findJsonKeyProblem } from '../../src/api/json-keys.js';

describe('findJsonKeyProblem (issue 17)', () => {
  test.each([
    ['{"a":1,"a":2}', { kind: 'duplicate', key: 'a' }],
    ['{"a":{"b":1,"c":[1,{"d":1,"d":2}]}}', { kind: 'duplicate', key: 'd' }],
    ['{"accountId":"x","\\u0061ccountId":"y"}', { kind: 'duplicate', key: 'accountId' }],
    ['{"__proto__":{"polluted":true}}', { kind: 'forbidden', key: '__proto__' }],
    ['{"a":{"constructor":{"prototype":{}}}}', { kind: 'forbidden', key: 'constructor' }],
  ])('%s', (text, problem) => {
    expect(findJsonKeyProblem(text)).toEqual(problem);
  });

  test.each([
    '{"a":1,"b":{"a":2}}',
    '[{"a":1},{"a":2}]',
    '{"a":"\\"a\\":1,","b":"{\\"a\\":2}"}',
    '{"a":["a","a"],"b":"constructor"}',
    '"__proto__"',
    '{}',
  ])('no problem in %s', (text) => {
    expect(findJsonKeyProblem(text)).toBeNull();
  });
});

describe('parseJsonBody', () => {
  const reason = (body: string, type = 'application/json') => {
    try {
      parseJsonBody(body, type);
      return null;
    } catch (err) {
      const e = err as { statusCode: number; message: string };
      return `${e.statusCode} ${e.message}`;
    }
  };

  test('refuses with the reason', () => {
    expect(reason('{"__proto__":{}}')).toBe('400 body: the key "__proto__" is refused');
    expect(reason('{"constructor":{"prototype":{}}}')).toBe('400 body: the key "constructor" is refused');
    expect(reason('{"force":false,"force":true}')).toBe('400 body: duplicate key "force"');
    expect(reason('{"a":', 'application/json')).toBe('400 body: malformed JSON');
    expect(reason('')).toBe('400 body: empty, expected a JSON object');
    expect(reason('{}', 'application/json; charset=utf-16')).toBe(
      '415 content-type: the charset of a JSON body must be utf-8',
    );
    expect(reason('{}', 'application/json; charset="UTF-8"')).toBeNull();
    expect(reason('{"a":1}')).toBeNull();
  });
});
