import { describe, expect, test } from '@jest/globals';
import { ConfigError } from '../../src/config/config-error.js';
import { parseAccounts } from '../../src/config/parse-accounts.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const base = { accountId: 'acc', appId: 'wx0123456789abcdef', appSecret: 'literal-secret' };

function problemOf(json: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseAccounts(json, 'accounts.json', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('accounts file: push and analytics', () => {
  test('push token and key from env: references, wrapped as secrets', () => {
    const [account] = parseAccounts(
      [
        {
          ...base,
          sync: ['articles', 'analytics'],
          push: { token: 'env:WX_PUSH_TOKEN', encodingAESKey: 'env:WX_PUSH_KEY' },
        },
      ],
      'accounts.json',
      { WX_PUSH_TOKEN: 'tok', WX_PUSH_KEY: KEY },
    );
    expect(account?.sync).toEqual(['articles', 'analytics']);
    expect(account?.push?.token.reveal()).toBe('tok');
    expect(account?.push?.encodingAESKey?.reveal()).toBe(KEY);
    expect(JSON.stringify(account)).not.toContain(KEY);
  });

  test('plain mode needs only the token', () => {
    const [account] = parseAccounts([{ ...base, push: { token: 'tok' } }], 'accounts.json', {});
    expect(account?.push?.encodingAESKey).toBeUndefined();
  });

  test('an unset env: variable names the field', () => {
    expect(problemOf([{ ...base, push: { token: 'env:NOPE' } }])).toContain('accounts.json[0].push.token');
  });

  test('a malformed EncodingAESKey names the field and never echoes the value', () => {
    const message = problemOf([{ ...base, push: { token: 'tok', encodingAESKey: 'short-secret-key' } }]);
    expect(message).toContain('accounts.json[0].push.encodingAESKey');
    expect(message).toContain('43 characters');
    expect(message).not.toContain('short-secret-key');
  });

  test('an unknown field inside push is refused', () => {
    expect(problemOf([{ ...base, push: { token: 'tok', aesKey: KEY } }])).toContain('push');
  });
});
