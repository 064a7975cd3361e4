import { afterAll, describe, expect, test } from '@jest/globals';
import { accountMode, ConfigError, formatConfigError, loadConfig } from '../../src/config/index.js';
import { account, createConfigDir } from '../helpers/config-files.js';

const files = createConfigDir('config-platforms');
afterAll(() => files.remove());

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
let fileCount = 0;

function load(content: unknown, env: NodeJS.ProcessEnv = {}) {
  fileCount += 1;
  files.write(`case-${fileCount}/accounts.json`, content);
  return loadConfig({ ...env, ACCOUNTS_FILE: `case-${fileCount}/accounts.json` }, { cwd: files.dir });
}

function problemsOf(content: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(content, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.problem}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

function platform(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platformId: 'agency',
    name: 'Agency platform',
    componentAppId: 'wxc0c0c0c0c0c0c0c0',
    componentAppSecret: 'env:WX_COMPONENT_SECRET',
    token: 'env:WX_COMPONENT_TOKEN',
    encodingAESKey: 'env:WX_COMPONENT_AES_KEY',
    ...overrides,
  };
}

const platformEnv = {
  WX_COMPONENT_SECRET: 'component-secret-value',
  WX_COMPONENT_TOKEN: 'component-push-token',
  WX_COMPONENT_AES_KEY: AES_KEY,
};

function platformAccount(index: number, overrides: Record<string, unknown> = {}) {
  const { appSecret: _dropped, ...rest } = account(index, { platform: 'agency', ...overrides });
  return rest;
}

describe('platforms in the accounts file', () => {
  test('both kinds of account side by side; platform secrets resolved and wrapped', () => {
    const config = load({ platforms: [platform()], accounts: [account(1), platformAccount(2)] }, platformEnv);
    const [own, viaPlatform] = config.accounts;
    expect(own && accountMode(own)).toEqual({ kind: 'own-secret' });
    expect(viaPlatform && accountMode(viaPlatform)).toEqual({ kind: 'platform', platformId: 'agency' });
    expect(viaPlatform).not.toHaveProperty('appSecret');
    const [p] = config.platforms;
    expect(p).toMatchObject({
      platformId: 'agency',
      name: 'Agency platform',
      componentAppId: 'wxc0c0c0c0c0c0c0c0',
    });
    expect(p?.componentAppSecret.reveal()).toBe('component-secret-value');
    expect(p?.token.reveal()).toBe('component-push-token');
    expect(p?.encodingAESKey.reveal()).toBe(AES_KEY);
    expect(JSON.stringify(config)).not.toMatch(
      /component-secret-value|component-push-token|abcdefghijklmnop/,
    );
  });

  test('the plain array form still loads, with no platforms', () => {
    const config = load([account(1)]);
    expect(config.platforms).toEqual([]);
    expect(config.accounts).toHaveLength(1);
  });

  test('the object form without platforms is allowed', () => {
    expect(load({ accounts: [account(1)] }).platforms).toEqual([]);
  });
});

describe('platform problems: one line naming the field', () => {
  test('an account naming an unknown platform', () => {
    expect(
      problemsOf(
        { platforms: [platform()], accounts: [platformAccount(1, { platform: 'other' })] },
        platformEnv,
      ),
    ).toEqual(['accounts.json.accounts[0].platform: unknown platform "other" (known: agency)']);
    expect(problemsOf([platformAccount(1)])).toEqual([
      'accounts.json[0].platform: unknown platform "agency" (the file has no "platforms")',
    ]);
  });

  test('an account with both appSecret and platform', () => {
    expect(
      problemsOf({ platforms: [platform()], accounts: [account(1, { platform: 'agency' })] }, platformEnv),
    ).toEqual([
      'accounts.json.accounts[0].platform: must not be set together with "appSecret" (an account uses its own AppSecret or a platform, not both)',
    ]);
  });

  test('an account with neither', () => {
    const { appSecret: _dropped, ...neither } = account(1);
    expect(problemsOf([neither])).toEqual([
      'accounts.json[0].appSecret: required (a string "<secret>" or "env:VARIABLE"), unless the account names a third-party platform with "platform"',
    ]);
  });

  test('platform fields', () => {
    expect(
      problemsOf({ platforms: [platform({ componentAppId: 'nope' })], accounts: [] }, platformEnv),
    ).toEqual([
      'accounts.json.platforms[0].componentAppId: must be "wx" followed by 16 lowercase hex characters, got "nope"',
    ]);
    expect(
      problemsOf({ platforms: [platform({ platformId: 'a:b' })], accounts: [] }, platformEnv)[0],
    ).toMatch(/^accounts\.json\.platforms\[0\]\.platformId: must be 1 to 64 characters/);
    expect(
      problemsOf(
        { platforms: [platform()], accounts: [] },
        { ...platformEnv, WX_COMPONENT_AES_KEY: 'short-secret' },
      ),
    ).toEqual(['accounts.json.platforms[0].encodingAESKey: must be 43 characters of A-Z a-z 0-9 + /']);
    expect(
      problemsOf({ platforms: [platform()], accounts: [] }, { ...platformEnv, WX_COMPONENT_SECRET: '' }),
    ).toEqual([
      'accounts.json.platforms[0].componentAppSecret: environment variable WX_COMPONENT_SECRET is not set',
    ]);
    expect(problemsOf({ platforms: [platform({ extra: 1 })], accounts: [] }, platformEnv)).toEqual([
      'accounts.json.platforms[0]: unknown key "extra"',
    ]);
    expect(
      problemsOf(
        { platforms: [platform(), platform({ componentAppId: 'wxc0c0c0c0c0c0c0c1' })], accounts: [] },
        platformEnv,
      ),
    ).toEqual(['accounts.json.platforms[1].platformId: duplicate of accounts.json.platforms[0]']);
  });

  test('the message never echoes a literal secret and prints as one line', () => {
    const err = (() => {
      try {
        load(
          { platforms: [platform({ encodingAESKey: 'do-not-echo-this-key' })], accounts: [] },
          platformEnv,
        );
      } catch (e) {
        return e;
      }
      throw new Error('expected a ConfigError');
    })();
    const line = formatConfigError(err as ConfigError);
    expect(line).toContain('accounts.json.platforms[0].encodingAESKey');
    expect(line).not.toContain('do-not-echo-this-key');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('environment for platform mode', () => {
  test('PUBLIC_URL, WECHAT_MP_BASE and WECHAT_OPEN_BASE: defaults and validation', () => {
    const config = load([account(1)]);
    expect(config).toMatchObject({
      publicUrl: null,
      wechatMpBase: 'https://mp.weixin.qq.com',
      wechatOpenBase: 'https://open.weixin.qq.com',
    });
    expect(load([account(1)], { PUBLIC_URL: 'https://sync.example.com/' }).publicUrl).toBe(
      'https://sync.example.com',
    );
    expect(() => load([account(1)], { PUBLIC_URL: 'ftp://x' })).toThrow(
      'PUBLIC_URL: must be an http:// or https:// URL, got "ftp://x"',
    );
  });
});
