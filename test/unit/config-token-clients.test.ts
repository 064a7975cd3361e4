import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigError, loadConfig, parseTokenClients } from '../../src/config/index.js';
import { runEntry } from '../helpers/entry-process.js';

const APP_A = 'wx00000000000000a1';
const APP_B = 'wx00000000000000b2';
const KNOWN = new Set([APP_A, APP_B]);
const LABEL = 'token-clients.json';

function problems(json: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseTokenClients(json, LABEL, env, KNOWN);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.problem}`);
    throw err;
  }
  return [];
}

describe('TOKEN_CLIENTS_FILE parsing', () => {
  test('an env: credential is read, hashed, and not kept in clear', () => {
    const [client] = parseTokenClients(
      [{ clientId: 'crm', credential: 'env:CRM_CRED', apps: [APP_A] }],
      LABEL,
      { CRM_CRED: 'crm-credential-0123456789' },
      KNOWN,
    );
    expect(client?.clientId).toBe('crm');
    expect(client?.apps.has(APP_A)).toBe(true);
    expect(client?.perMinute).toBe(600);
    expect(
      client?.credentialDigest.equals(createHash('sha256').update('crm-credential-0123456789').digest()),
    ).toBe(true);
    expect(JSON.stringify(client)).not.toContain('crm-credential-0123456789');
  });

  test('an unknown app id names the field', () => {
    expect(
      problems([{ clientId: 'crm', credential: 'x'.repeat(16), apps: [APP_A, 'wx00000000000000c3'] }]),
    ).toEqual([
      `${LABEL}[0].apps[1]: unknown app wx00000000000000c3 (no account in the accounts file has it)`,
    ]);
  });

  test('short literal, unset env variable, short env value, bad fields: each named, no value echoed', () => {
    const found = problems(
      [
        { clientId: 'a', credential: 'short-secret', apps: [APP_A] },
        { clientId: 'b', credential: 'env:MISSING_VAR', apps: [APP_A] },
        { clientId: 'c', credential: 'env:SHORT_VAR', apps: [APP_A] },
      ],
      { SHORT_VAR: 'tiny-secret' },
    );
    expect(found).toEqual([`${LABEL}[0].credential: must be at least 16 characters (got 12)`]);
    const later = problems(
      [
        { clientId: 'b', credential: 'env:MISSING_VAR', apps: [APP_A] },
        { clientId: 'c', credential: 'env:SHORT_VAR', apps: [APP_A] },
      ],
      { SHORT_VAR: 'tiny-secret' },
    );
    expect(later).toEqual([
      `${LABEL}[0].credential: environment variable MISSING_VAR is not set`,
      `${LABEL}[1].credential: SHORT_VAR must be at least 16 characters (got 11)`,
    ]);
    expect(later.join('\n')).not.toContain('tiny-secret');
    expect(problems([{ clientId: 'bad id', credential: 'x'.repeat(16), apps: [] }])).toEqual([
      `${LABEL}[0].clientId: must be 1 to 64 characters of A-Z a-z 0-9 _ . -, got "bad id"`,
      `${LABEL}[0].apps: must name at least one app`,
    ]);
    expect(problems({})).toEqual([`${LABEL}: must be an array of clients`]);
  });

  test('duplicate client ids and shared credentials are refused', () => {
    const cred = 'same-credential-0123';
    expect(
      problems([
        { clientId: 'a', credential: cred, apps: [APP_A] },
        { clientId: 'a', credential: `${cred}x`, apps: [APP_B] },
        { clientId: 'c', credential: cred, apps: [APP_B] },
      ]),
    ).toEqual([
      `${LABEL}[1].clientId: duplicate of ${LABEL}[0]`,
      `${LABEL}[2].credential: same credential as ${LABEL}[0]`,
    ]);
  });
});

describe('loadConfig with TOKEN_CLIENTS_FILE and WECHAT_PROXY_URL', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'ws12-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    ACCOUNTS_FILE: resolve(root, 'accounts.example.json'),
    WX_SECRET_MAIN: 'example-main-secret',
    WX_SECRET_NEWS: 'example-news-secret',
  };

  test('the example clients file loads against the example accounts', () => {
    const config = loadConfig(
      {
        ...env,
        TOKEN_CLIENTS_FILE: 'token-clients.example.json',
        CRM_TOKEN_CREDENTIAL: 'crm-credential-0123456789',
      },
      { cwd: root },
    );
    expect(config.tokenClients.map((c) => [c.clientId, [...c.apps]])).toEqual([
      ['crm', ['wx1234567890abcdef']],
    ]);
  });

  test('a client naming an app no account has stops the load, naming the field', () => {
    const file = join(dir, 'clients.json');
    writeFileSync(
      file,
      JSON.stringify([{ clientId: 'crm', credential: 'c'.repeat(20), apps: ['wx00000000000000ff'] }]),
    );
    expect(() => loadConfig({ ...env, TOKEN_CLIENTS_FILE: file }, { cwd: root })).toThrow(
      'clients.json[0].apps[0]: unknown app wx00000000000000ff (no account in the accounts file has it)',
    );
  });

  test('WECHAT_PROXY_URL: http(s) only, no path, value never echoed', () => {
    const load = (url: string) => loadConfig({ ...env, WECHAT_PROXY_URL: url }, { cwd: root });
    expect(load('http://user:pw-secret@proxy.internal:3128').wechatProxyUrl?.reveal()).toBe(
      'http://user:pw-secret@proxy.internal:3128/',
    );
    expect(() => load('socks5://user:pw-secret@proxy:1080')).toThrow(
      'WECHAT_PROXY_URL: must be an http:// or https:// proxy URL (value not shown: it may hold a password)',
    );
    expect(() => load('http://proxy:3128/some/path')).toThrow(
      'WECHAT_PROXY_URL: must be only scheme, host and port',
    );
  });
});

describe('a real entry point with a bad clients file', () => {
  test('exit code 2 and one line naming the field', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'ws12-config-exit-'));
    try {
      const file = join(dir, 'clients.json');
      writeFileSync(
        file,
        JSON.stringify([{ clientId: 'crm', credential: 'c'.repeat(20), apps: ['wx00000000000000ff'] }]),
      );
      const result = await runEntry('producers/api.ts', [], {
        ACCOUNTS_FILE: resolve(root, 'accounts.example.json'),
        WX_SECRET_MAIN: 'example-main-secret',
        WX_SECRET_NEWS: 'example-news-secret',
        TOKEN_CLIENTS_FILE: file,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'config error: clients.json[0].apps[0]: unknown app wx00000000000000ff (no account in the accounts file has it)\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
