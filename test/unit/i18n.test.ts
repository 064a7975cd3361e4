import { describe, expect, test } from '@jest/globals';
import { localizeDiagnostic } from '../../src/failures/index.js';
import { whitelistRemedy } from '../../src/failures/remedy.js';
import { langFromAcceptLanguage, langFromLocaleEnv, t } from '../../src/i18n/index.js';
import { en } from '../../src/i18n/messages-en.js';
import { zhCN } from '../../src/i18n/messages-zh-cn.js';

describe('language choice', () => {
  test.each<[string | undefined, string | null]>([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,zh-Hans;q=0.5', 'zh-CN'],
    ['en;q=0.2, zh;q=0.7', 'zh-CN'],
    ['zh;q=0, en', 'en'],
    ['fr, de', null],
    [undefined, null],
    [`${'x,'.repeat(10_000)}zh`, null],
  ])('Accept-Language %s → %s', (header, lang) => {
    expect(langFromAcceptLanguage(header)).toBe(lang);
  });

  test('the CLI reads LC_ALL, then LC_MESSAGES, then LANG, English by default', () => {
    expect(langFromLocaleEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromLocaleEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromLocaleEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromLocaleEnv({})).toBe('en');
  });
});

describe('dictionaries', () => {
  test('every key has a non-empty text in both languages, with the same parameters', () => {
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(zhCN[key].length).toBeGreaterThan(0);
      expect([key, params(zhCN[key])]).toEqual([key, params(en[key])]);
    }
  });

  test('t() fills parameters and leaves unknown ones visible', () => {
    expect(t('zh-CN', 'flash.enqueued', { jobId: 'j1' })).toBe('已加入同步任务 j1。');
    expect(t('en', 'flash.enqueued')).toBe('Sync job {jobId} enqueued.');
  });
});

describe('remedies in Chinese', () => {
  const stored = {
    code: 'IP_NOT_WHITELISTED' as const,
    summary: 'WeChat refused …',
    remedy: whitelistRemedy('gh_a', 'wx0123456789abcdef', '1.92.157.200'),
    accountId: 'gh_a',
    appId: 'wx0123456789abcdef',
    ip: '1.92.157.200',
    errcode: 40164,
    endpoint: '/cgi-bin/stable_token',
    field: null,
  };

  test('a stored whitelist diagnostic is re-rendered with WeChat menu names as WeChat shows them', () => {
    const zh = localizeDiagnostic(stored, 'zh-CN');
    expect(zh.summary).toContain('IP 1.92.157.200 不在接口 IP 白名单中');
    expect(zh.remedy).toHaveLength(stored.remedy.length);
    expect(zh.remedy.join('\n')).toContain('设置与开发 → 基本配置 → IP白名单');
    expect(zh.remedy.join('\n')).toContain('1.92.157.200');
    expect(localizeDiagnostic(stored, 'en')).toEqual({ summary: stored.summary, remedy: stored.remedy });
  });

  test('a code without a translation keeps its stored English steps', () => {
    const unknown = {
      ...stored,
      code: 'REQUEST_BUG' as never,
      remedy: ['Fix the call.'],
      summary: 'Bad call.',
    };
    expect(localizeDiagnostic(unknown, 'zh-CN')).toEqual({ summary: 'Bad call.', remedy: ['Fix the call.'] });
  });
});

describe('CLI output in Chinese (LANG=zh_CN.UTF-8)', () => {
  test('a failed whitelist job prints the Chinese sentence, labels and steps', async () => {
    const { formatFailed } = await import('../../src/cli/format-outcome.js');
    const diagnostic = {
      code: 'IP_NOT_WHITELISTED',
      summary: 'WeChat refused account gh_a …',
      accountId: 'gh_a',
      appId: 'wx0123456789abcdef',
      ip: '1.92.157.200',
      rid: '69314eae-54edb1ba-15ae265a',
      errcode: 40164,
      remedy: whitelistRemedy('gh_a', 'wx0123456789abcdef', '1.92.157.200'),
    };
    const text = formatFailed(
      { jobId: 'j1', failedReason: 'x', attemptsMade: 1, progress: { diagnostic } },
      'zh-CN',
    );
    expect(text).toContain('任务 j1 失败（IP_NOT_WHITELISTED）：微信拒绝了账号 gh_a');
    expect(text).toContain('微信看到的 IP: 1.92.157.200');
    expect(text).toContain('rid: 69314eae-54edb1ba-15ae265a');
    expect(text).toContain('解决步骤：');
    expect(text).toContain('2. 进入「设置与开发 → 基本配置 → IP白名单」');
    expect(
      formatFailed({ jobId: 'j1', failedReason: 'x', attemptsMade: 1, progress: { diagnostic } }),
    ).toContain('how to fix it:');
  });
});
