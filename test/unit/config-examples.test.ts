import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { ENV_VAR_NAMES, loadConfig } from '../../src/config/index.js';

const root = resolve(import.meta.dirname, '../..');
const exampleAccounts = resolve(root, 'accounts.example.json');
const secrets = {
  WX_SECRET_MAIN: 'example-main-secret',
  WX_SECRET_NEWS: 'example-news-secret',
  WX_PUSH_TOKEN_MAIN: 'example-push-token',
  WX_PUSH_AES_KEY_MAIN: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

describe('.env.example', () => {
  const lines = readFileSync(resolve(root, '.env.example'), 'utf8').split('\n');
  const documented = new Map(
    lines.flatMap((line) => {
      const match = /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      return match ? [[match[1] as string, match[2] as string]] : [];
    }),
  );

  test('lists every variable the schema reads', () => {
    expect(ENV_VAR_NAMES.filter((name) => !documented.has(name))).toEqual([]);
  });

  test('shows the real defaults: its values load to the same config as an empty environment', () => {
    const env = { ...Object.fromEntries(documented), ACCOUNTS_FILE: exampleAccounts, ...secrets };
    expect(loadConfig(env, { cwd: root })).toEqual(
      loadConfig({ ACCOUNTS_FILE: exampleAccounts, ...secrets }, { cwd: root }),
    );
  });
});

describe('accounts.example.json', () => {
  test('is valid: two accounts with env: secrets, one every and one cron schedule', () => {
    const accounts = loadConfig({ ACCOUNTS_FILE: exampleAccounts, ...secrets }, { cwd: root }).accounts;
    expect(accounts.map((a) => a.appSecret?.reveal())).toEqual([
      'example-main-secret',
      'example-news-secret',
    ]);
    expect(accounts.map((a) => a.schedule?.kind)).toEqual(['every', 'cron']);
    expect(accounts[0]?.push?.token.reveal()).toBe('example-push-token');
  });
});

describe('accounts.platform.example.json', () => {
  test('is valid: a platform and two kinds of account side by side', () => {
    const config = loadConfig(
      {
        ACCOUNTS_FILE: resolve(root, 'accounts.platform.example.json'),
        ...secrets,
        WX_COMPONENT_SECRET: 'example-component-secret',
        WX_COMPONENT_TOKEN: 'example-component-token',
        WX_COMPONENT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      },
      { cwd: root },
    );
    expect(config.platforms.map((p) => p.platformId)).toEqual(['agency']);
    expect(config.accounts.map((a) => a.platform ?? 'own-secret')).toEqual(['agency', 'own-secret']);
  });
});
