import { performance } from 'node:perf_hooks';
import { describe, expect, test } from '@jest/globals';
import { SCRUB_PATTERNS, SecretRegistry, scrubString } from '../../src/log/index.js';
import { URL_SCRUB_PATTERNS } from '../../src/wechat/scrub-url.js';

/*
 * Regression for the scrubber ReDoS (issue 17): URL_PASSWORD restarted its scheme at every
 * `.` of `a.a.a.…`, so a 16 KB request URL blocked the event loop ~120 ms before its 401.
 * Each pattern is timed on adversarial 64 KB inputs against a plain 64 KB log text in the
 * same run; a ratio, not an absolute time, so a slow or busy machine does not fail it.
 * Quadratic patterns measure thousands of times the baseline at this size.
 */

const SIZE = 64 * 1024;
/**
 * Linear patterns stay within a small factor of the baseline (up to about 80× on a loaded
 * machine, where a pattern with a literal start finds nothing to do in the baseline);
 * quadratic ones measured 15 000-20 000×.
 */
const MAX_RATIO = 200;
/** Below this the timer and the machine's other load decide the baseline, not the pattern. */
const MIN_BASELINE_MS = 0.2;

const sized = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const after = (head: string, unit: string): string => head + sized(unit).slice(head.length);

/** Inputs that make a backtracking pattern restart or rescan: runs of its start and its middle. */
const ADVERSARIAL: Record<string, string> = {
  'a.a.a.': sized('a.'),
  'a-a-a-': sized('a-'),
  'scheme chars': sized('a+b.c-d'),
  'http://http://': sized('http://'),
  'x://a:x://a:': sized('x://a:'),
  'redis://: then no @': after('redis://:', 'p'),
  'redis://u:p repeated': sized('redis://u:p'),
  'url with long path, no ?': after('https://h/', 'a'),
  'quote then letters': after('"', 'a'),
  'quotes and letters': sized('"aaaa'),
  'escaped quotes': sized('\\"'),
  '"token" then spaces': after('"access_token"', ' '),
  '"token": then spaces': after('"access_token":', ' '),
  tokentoken: sized('token'),
  'token=token=': sized('token='),
  '&access_token=': sized('&access_token='),
  'Bearer then spaces': after('Bearer', ' '),
  'Bearer Bearer': sized('Bearer '),
  'Basic then base64 and =': `${after('Basic ', 'A').slice(0, SIZE - 3)}===`,
  'Basic then spaces': after('Basic', ' '),
  'Basic Basic': sized('Basic '),
};

/** What a log line usually holds, with a match of every pattern: the linear reference. */
const BASELINE = sized(
  'GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=S3CR3T ' +
    'authorization: Bearer abc.DEF-123 {"access_token":"TOKVALUE","expires_in":7200} redis://u:pw@cache:6379 ' +
    `Basic ${Buffer.from('ops:pw').toString('base64')} job 123 took 45 ms; `,
);

/** Fastest of a few runs: the least disturbed by other processes and the GC. */
function fastest(run: () => void, times: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function replaceAll(pattern: RegExp, text: string): void {
  // A fresh copy: a global regex keeps lastIndex between calls.
  text.replace(new RegExp(pattern.source, pattern.flags), '$1');
}

const patterns: Array<[string, RegExp]> = [
  ...Object.entries(SCRUB_PATTERNS).map(([name, re]): [string, RegExp] => [`log ${name}`, re]),
  ...Object.entries(URL_SCRUB_PATTERNS).map(([name, re]): [string, RegExp] => [`wechat ${name}`, re]),
];

describe('every scrubber pattern runs in time linear in its input (64 KB)', () => {
  test('the inputs are all 64 KB', () => {
    for (const [name, input] of Object.entries(ADVERSARIAL))
      expect([name, input.length]).toEqual([name, SIZE]);
    expect(BASELINE.length).toBe(SIZE);
  });

  test.each(patterns)('%s', (_name, pattern) => {
    const baseline = Math.max(
      fastest(() => replaceAll(pattern, BASELINE), 5),
      MIN_BASELINE_MS,
    );
    const ratios = Object.entries(ADVERSARIAL).map(([input, text]) => {
      const ms = fastest(() => replaceAll(pattern, text), 3);
      return { input, ratio: Math.round(ms / baseline) };
    });
    expect(ratios.filter((r) => r.ratio > MAX_RATIO)).toEqual([]);
  });

  test('scrubString as a whole, with remembered secrets', () => {
    const registry = new SecretRegistry();
    registry.remember('tok-AAAAAAAAAAAA');
    registry.remember('aaaaaaaaaaaaaaaa-secret');
    const baseline = Math.max(
      fastest(() => scrubString(BASELINE, registry), 5),
      MIN_BASELINE_MS,
    );
    const slow = Object.entries({ ...ADVERSARIAL, 'near-secret': sized('aaaaaaaaaaaaaaaa-secre') })
      .map(([input, text]) => ({
        input,
        ratio: Math.round(fastest(() => scrubString(text, registry), 3) / baseline),
      }))
      .filter((r) => r.ratio > MAX_RATIO);
    expect(slow).toEqual([]);
  });
});
