import { afterAll, describe, expect, test } from '@jest/globals';
import { ConfigError, formatConfigError, loadConfig } from '../../src/config/index.js';
import { Sensitive } from '../../src/config/sensitive.js';
import { account, createConfigDir } from '../helpers/config-files.js';

const files = createConfigDir('config-accounts');
afterAll(() => files.remove());

let fileCount = 0;

/** Writes `content` as accounts.json in a fresh subdirectory and loads it. */
function loadAccounts(content: unknown, env: NodeJS.ProcessEnv = {}) {
  fileCount += 1;
  files.write(`case-${fileCount}/accounts.json`, content);
  return loadConfig({ ...env, ACCOUNTS_FILE: `case-${fileCount}/accounts.json` }, { cwd: files.dir })
    .accounts;
}

function problemsOf(content: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadAccounts(content, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.field}: ${p.problem}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const ACCOUNT_ID_RULE =
  'must be 1 to 64 characters of A-Z a-z 0-9 _ - (it becomes part of BullMQ job ids and Redis keys, which must not contain ":")';

describe('a good file', () => {
  test('parses with env: secrets resolved and every secret wrapped in Sensitive', () => {
    const [main, news, plain] = loadAccounts(
      [
        account(1, { accountId: 'main', appSecret: 'env:WX_SECRET_MAIN', schedule: { every: '15m' } }),
        account(2, {
          accountId: 'news',
          schedule: { cron: '*/15 * * * *' },
          sync: ['articles', 'followers'],
          name: 'News desk',
        }),
        account(3, { schedule: { every: 60_000 } }),
      ],
      { WX_SECRET_MAIN: 'main-secret-from-env' },
    );
    expect(main).toMatchObject({
      accountId: 'main',
      appId: 'wx0000000000000001',
      schedule: { kind: 'every', everyMs: 900_000 },
      sync: ['articles'],
    });
    expect(main?.appSecret).toBeInstanceOf(Sensitive);
    expect(main?.appSecret?.reveal()).toBe('main-secret-from-env');
    expect(main).not.toHaveProperty('name');
    expect(news).toMatchObject({
      schedule: { kind: 'cron', pattern: '*/15 * * * *' },
      sync: ['articles', 'followers'],
      name: 'News desk',
    });
    expect(news?.appSecret?.reveal()).toBe('literal-secret-2-abcdef');
    expect(plain?.schedule).toEqual({ kind: 'every', everyMs: 60_000 });
    expect(JSON.stringify([main, news])).not.toMatch(/main-secret-from-env|literal-secret-2/);
  });

  test('no schedule means on demand only (null); an empty array is a valid file', () => {
    expect(loadAccounts([account(1)])[0]?.schedule).toBeNull();
    expect(loadAccounts([account(1, { schedule: null })])[0]?.schedule).toBeNull();
    expect(loadAccounts([])).toEqual([]);
  });

  test('a UTF-8 byte-order mark (Windows editors) is accepted', () => {
    expect(loadAccounts(`\uFEFF${JSON.stringify([account(1)])}`)).toHaveLength(1);
  });
});

describe('file problems', () => {
  test('a missing file names ACCOUNTS_FILE and the absolute path', () => {
    const err = (() => {
      try {
        loadConfig({ ACCOUNTS_FILE: 'nope/accounts.json' }, { cwd: files.dir });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err?.message).toBe(`ACCOUNTS_FILE: cannot read ${files.dir}/nope/accounts.json (ENOENT)`);
  });

  test('without ACCOUNTS_FILE, an absent accounts.json means no accounts (a fresh clone starts)', () => {
    files.write('fresh/.keep', '');
    expect(loadConfig({}, { cwd: `${files.dir}/fresh` }).accounts).toEqual([]);
  });

  test('without ACCOUNTS_FILE, a present accounts.json is still read and validated', () => {
    files.write('present/accounts.json', '"x"');
    expect(() => loadConfig({}, { cwd: `${files.dir}/present` })).toThrow('accounts.json: must be an array');
  });

  test('a directory instead of a file', () => {
    files.write('a-dir/accounts.json/x', '[]');
    expect(() => loadConfig({ ACCOUNTS_FILE: 'a-dir/accounts.json' }, { cwd: files.dir })).toThrow(
      `ACCOUNTS_FILE: cannot read ${files.dir}/a-dir/accounts.json (EISDIR)`,
    );
  });

  test('invalid JSON gives line and column, and never quotes the file (it may hold a literal secret)', () => {
    const text = '[\n  {"accountId": "a",\n   "appSecret": "do-not-echo-me" oops}\n]';
    expect(problemsOf(text)).toEqual([
      "accounts.json: invalid JSON at line 3 column 34 (Expected ',' or '}' after property value)",
    ]);
    expect(problemsOf('[{"appSecret": "do-not-echo-me"')).toEqual([
      "accounts.json: invalid JSON at line 1 column 32 (Expected ',' or '}' after property value)",
    ]);
    expect(problemsOf('')).toEqual(['accounts.json: invalid JSON (Unexpected end of JSON input)']);
    expect(problemsOf('do-not-echo-me').join()).not.toContain('do-not-echo-me');
  });

  test('neither an array nor the {platforms, accounts} object', () => {
    const expected =
      'accounts.json: must be an array of accounts or an object {"platforms": [...], "accounts": [...]}';
    expect(problemsOf('"just a string"')).toEqual([expected]);
    expect(problemsOf({ acounts: [] })).toEqual([
      'accounts.json.accounts: must be an array of accounts',
      'accounts.json: unknown key "acounts"',
    ]);
  });

  test('field paths use the base name of ACCOUNTS_FILE as given', () => {
    files.write('conf/prod-accounts.json', [account(1, { appId: 'nope' })]);
    expect(() => loadConfig({ ACCOUNTS_FILE: 'conf/prod-accounts.json' }, { cwd: files.dir })).toThrow(
      'prod-accounts.json[0].appId: must be "wx" followed by 16 lowercase hex characters, got "nope"',
    );
  });
});

describe('account problems', () => {
  test('a missing appId at index 1', () => {
    const { appId: _, ...noAppId } = account(2);
    expect(problemsOf([account(1), noAppId])).toEqual(['accounts.json[1].appId: required']);
  });

  test('each entry must be an object without unknown keys', () => {
    expect(problemsOf([account(1), 'acct_2'])).toEqual(['accounts.json[1]: must be an object']);
    expect(problemsOf([account(1, { shedule: { every: '15m' } })])).toEqual([
      'accounts.json[0]: unknown key "shedule"',
    ]);
  });

  test('accountId characters, with the reason', () => {
    expect(problemsOf([account(1, { accountId: 'gh:1' })])).toEqual([
      `accounts.json[0].accountId: ${ACCOUNT_ID_RULE}, got "gh:1"`,
    ]);
    expect(problemsOf([account(1, { accountId: 'x'.repeat(65) })])[0]).toContain(
      'accounts.json[0].accountId: must',
    );
    expect(problemsOf([account(1, { accountId: 42 })])).toEqual([
      'accounts.json[0].accountId: must be a string',
    ]);
  });

  test('appId shape', () => {
    expect(problemsOf([account(1, { appId: 'wx0123456789ABCDEF' })])).toEqual([
      'accounts.json[0].appId: must be "wx" followed by 16 lowercase hex characters, got "wx0123456789ABCDEF"',
    ]);
  });

  test('duplicate accountId and appId point at the first occurrence', () => {
    const list = [
      account(1),
      account(2),
      account(3),
      account(4, { accountId: 'acct_1', appId: 'wx0000000000000002' }),
    ];
    expect(problemsOf(list)).toEqual([
      'accounts.json[3].accountId: duplicate of accounts.json[0]',
      'accounts.json[3].appId: duplicate of accounts.json[1]',
    ]);
  });

  test('env: secrets must be set, and the value is never echoed', () => {
    const list = [account(1), account(2, { appSecret: 'env:WX_SECRET_B' })];
    const expected = ['accounts.json[1].appSecret: environment variable WX_SECRET_B is not set'];
    expect(problemsOf(list)).toEqual(expected);
    expect(problemsOf(list, { WX_SECRET_B: '' })).toEqual(expected);
    expect(problemsOf([account(1, { appSecret: 'env:1BAD' })])).toEqual([
      'accounts.json[0].appSecret: env: must be followed by a variable name, e.g. "env:WX_SECRET_MAIN"',
    ]);
    expect(problemsOf([account(1, { appSecret: '  ' })])).toEqual([
      'accounts.json[0].appSecret: must not be blank',
    ]);
    expect(problemsOf([account(1, { appSecret: ['hidden-secret-value'] })]).join()).not.toContain('hidden');
  });

  test('schedule: durations via ms, at least 10 s, exactly one of every/cron', () => {
    const bad = (schedule: unknown) => problemsOf([account(1, { schedule })]);
    expect(bad({ every: '5s' })).toEqual([
      'accounts.json[0].schedule.every: must be at least 10s (10000 ms), got "5s"',
    ]);
    expect(bad({ every: 9999 })).toEqual([
      'accounts.json[0].schedule.every: must be at least 10s (10000 ms), got 9999',
    ]);
    expect(bad({ every: 'soon' })).toEqual([
      'accounts.json[0].schedule.every: must be a duration like "15m", "1h", "30s" or a whole number of milliseconds, got "soon"',
    ]);
    expect(bad({ every: 15000.5 })[0]).toContain('must be a duration');
    expect(bad({ every: '15m', cron: '* * * * *' })).toEqual([
      'accounts.json[0].schedule: must have either "every" or "cron", not both',
    ]);
    expect(bad({})).toEqual([
      'accounts.json[0].schedule: must have "every" (e.g. "15m") or "cron" (e.g. "*/15 * * * *")',
    ]);
    expect(bad('15m')).toEqual([
      'accounts.json[0].schedule: must be an object: {"every": "15m"} or {"cron": "*/15 * * * *"}',
    ]);
    expect(bad({ every: '15m', at: 3 })).toEqual(['accounts.json[0].schedule: unknown key "at"']);
  });

  test('schedule: cron validated by cron-parser and no more often than every 10 s', () => {
    const bad = (cron: unknown) => problemsOf([account(1, { schedule: { cron } })]);
    expect(bad('61 * * * *')).toEqual([
      'accounts.json[0].schedule.cron: not a valid cron pattern (Constraint error, got value 61 expected range 0-59), got "61 * * * *"',
    ]);
    expect(bad('*/5 * * * * *')).toEqual([
      'accounts.json[0].schedule.cron: fires more often than every 10s, got "*/5 * * * * *"',
    ]);
    expect(bad('')).toEqual(['accounts.json[0].schedule.cron: must not be blank']);
    // Regression (issue 18): cron-parser filled the missing field and ran this every minute.
    expect(bad('*/15 * * *')).toEqual([
      'accounts.json[0].schedule.cron: must have 5 fields (minute hour day-of-month month day-of-week), got 4 in "*/15 * * *"',
    ]);
    expect(bad('* * * * * * *')).toEqual([
      'accounts.json[0].schedule.cron: must have 5 fields (minute hour day-of-month month day-of-week), got 7 in "* * * * * * *"',
    ]);
    expect(bad(`${'1,'.repeat(60)}1 * * * *`)).toEqual([
      'accounts.json[0].schedule.cron: must be at most 100 characters, got 129',
    ]);
    expect(loadAccounts([account(1, { schedule: { cron: '*/10 * * * * *' } })])[0]?.schedule).toEqual({
      kind: 'cron',
      pattern: '*/10 * * * * *',
    });
  });

  test('sync: known kinds, non-empty, no duplicates', () => {
    const bad = (sync: unknown) => problemsOf([account(1, { sync })]);
    expect(bad(['articles', 'photos'])).toEqual([
      'accounts.json[0].sync[1]: must be one of articles, followers, materials, analytics, got "photos"',
    ]);
    expect(bad([])).toEqual([
      'accounts.json[0].sync: must not be empty (leave it out for the default ["articles"])',
    ]);
    expect(bad(['followers', 'articles', 'followers'])).toEqual([
      'accounts.json[0].sync[2]: duplicate of sync[0]',
    ]);
    expect(bad('articles')).toEqual([
      'accounts.json[0].sync: must be an array of articles, followers, materials, analytics',
    ]);
  });

  test('every problem in the file is listed, in file order', () => {
    const { appId: _, ...noAppId } = account(2);
    expect(problemsOf([account(1, { sync: ['x'] }), noAppId])).toEqual([
      'accounts.json[0].sync[0]: must be one of articles, followers, materials, analytics, got "x"',
      'accounts.json[1].appId: required',
    ]);
  });

  test('the exit message shows one line per problem, at most ten, then a count', () => {
    const accounts = Array.from({ length: 12 }, (_, i) => account(i, { sync: [] }));
    let err: unknown;
    try {
      loadAccounts(accounts);
    } catch (e) {
      err = e;
    }
    const lines = formatConfigError(err as ConfigError).split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(
      'config error: accounts.json[0].sync: must not be empty (leave it out for the default ["articles"])',
    );
    expect(lines[10]).toBe('config error: 2 more problems not shown');
    expect(lines[11]).toBe('');
  });
});
