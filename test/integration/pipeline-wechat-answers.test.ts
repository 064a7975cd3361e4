import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Job } from 'bullmq';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import type { SyncSummary } from '../../src/sync/index.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import type { TestAccountSpec } from '../helpers/test-config.js';
import {
  type AppConfigInput,
  type FaultInput,
  type SimulatorHandle,
  startSimulator,
} from '../simulator/index.js';

/**
 * Whole jobs (queue → worker → WeChat simulator → store) against answers in each real
 * shape of issue 11: they complete, or fail as the README's error table says, in one
 * attempt where no retry can help.
 */

const PUBLISHED = '/cgi-bin/freepublish/batchget';
const STABLE = '/cgi-bin/stable_token';

interface Case {
  app?: Partial<AppConfigInput>;
  faults?: FaultInput[];
  sync?: TestAccountSpec['sync'];
}

const CASES = {
  realArticles: { app: { seed: { articles: 25 } } },
  documentedStringTimes: { app: { seed: { articles: 25 }, articleTimes: 'item', timesAsStrings: true } },
  untimedArticle: { app: { seed: { articles: 25 }, untimedArticles: 1 } },
  realFollowersEnd: { app: { seed: { followers: 250 } }, sync: ['followers'] },
  whitelist61004: {
    app: { egressIp: '203.0.113.7' },
    faults: [{ kind: 'errcode', errcode: 61004, endpoint: STABLE }],
  },
  whitelist45035: { faults: [{ kind: 'errcode', errcode: 45035, endpoint: STABLE }] },
  confirm89502: { faults: [{ kind: 'errcode', errcode: 89502, endpoint: STABLE }] },
  banned48004: { faults: [{ kind: 'errcode', errcode: 48004, endpoint: PUBLISHED }] },
  user50001: {
    faults: [{ kind: 'errcode', errcode: 50001, endpoint: '/cgi-bin/user/get' }],
    sync: ['followers'],
  },
  secret40001: { faults: [{ kind: 'errcode', errcode: 40001, endpoint: STABLE }] },
  request47001: { faults: [{ kind: 'errcode', errcode: 47001, endpoint: PUBLISHED }] },
  unknown: {
    faults: [{ kind: 'errcode', errcode: 61999, errmsg: 'a refusal nobody documented', endpoint: PUBLISHED }],
  },
  busy1000: {
    app: { seed: { articles: 5 } },
    faults: [{ kind: 'errcode', errcode: -1000, endpoint: PUBLISHED, times: 1 }],
  },
} satisfies Record<string, Case>;

type CaseName = keyof typeof CASES;

const accounts = Object.keys(CASES).map((name, i) => ({
  accountId: `gh_answers_${name}`,
  appId: `wx${(0xa000 + i).toString(16).padStart(16, '0')}`,
  secret: `secret-${name}-0123456789`,
  sync: (CASES[name as CaseName] as Case).sync,
}));
const accountOf = (name: CaseName) => accounts.find((a) => a.accountId === `gh_answers_${name}`)!;

let sim: SimulatorHandle;
let sys: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  for (const [name, spec] of Object.entries(CASES) as [CaseName, Case][]) {
    const account = accountOf(name);
    await sim.control.putApp(account.appId, { secret: account.secret, ...spec.app });
    for (const fault of spec.faults ?? []) await sim.control.addFault(account.appId, fault);
  }
  // Retries fast, so the unknown errcode's three attempts take milliseconds.
  sys = await startTestSystem({ name: 'wechat-answers', accounts, sim, config: { retryBaseDelayMs: 20 } });
});

afterAll(async () => {
  await sys.close();
  await sim.close();
});

async function run(name: CaseName): Promise<Job> {
  return sys.finished(await sys.enqueue(accountOf(name).accountId));
}

function diagnosticOf(job: Job): FailureDiagnostic {
  return (job.progress as { diagnostic: FailureDiagnostic }).diagnostic;
}

describe('real answer shapes complete', () => {
  test.each([['realArticles'], ['documentedStringTimes']] as const)(
    '%s: every article stored in one attempt',
    async (name) => {
      const job = await run(name);
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBe(1);
      expect((job.returnvalue as SyncSummary).kinds.articles).toMatchObject({
        fetched: 25,
        added: 25,
        skipped: 0,
      });
      expect(await sys.services.store.countArticles(accountOf(name).accountId)).toBe(25);
    },
  );

  test('a page with a malformed article stores the others and names the bad one (progress and a warn line)', async () => {
    const job = await run('untimedArticle');
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(1);
    const bad = sim.state.requireApp(accountOf('untimedArticle').appId).content().published[0]!.article_id;
    expect((job.returnvalue as SyncSummary).kinds.articles).toMatchObject({
      fetched: 24,
      skipped: 1,
      skippedIds: [bad],
    });
    expect(job.progress).toMatchObject({ kind: 'articles', skipped: 1, skippedIds: [bad] });
    expect(await sys.services.store.countArticles(accountOf('untimedArticle').accountId)).toBe(24);
    const warned = sys.log
      .entries()
      .filter((e) => e.jobId === job.id && e.level === 40 && e.article_id === bad);
    expect(warned).toHaveLength(1);
    expect(String(warned[0]?.msg)).toContain(bad);
  });

  test("user/get's real ending (count 0 after the last page) completes the followers pass", async () => {
    const job = await run('realFollowersEnd');
    expect(await job.getState()).toBe('completed');
    expect((job.returnvalue as SyncSummary).kinds.followers).toMatchObject({
      completed: true,
      full: true,
      added: 250,
      pages: 2,
    });
    const stats = await sim.control.stats(accountOf('realFollowersEnd').appId);
    expect(stats.callsByEndpoint['/cgi-bin/user/get']).toBe(2);
  });

  test('-1000 is transient: retried, then completes', async () => {
    const job = await run('busy1000');
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
  });
});

describe('faults no retry can help fail in one attempt with their diagnostic', () => {
  test.each([
    ['whitelist61004', 'IP_NOT_WHITELISTED', 61004, { ip: '203.0.113.7' }, /Add the IP 203\.0\.113\.7/],
    ['whitelist45035', 'IP_NOT_WHITELISTED', 45035, { ip: null }, /every worker host/],
    ['confirm89502', 'IP_CONFIRMATION', 89502, {}, /confirm/],
    ['banned48004', 'PERMISSION', 48004, { endpoint: PUBLISHED }, /banned/],
    ['user50001', 'PERMISSION', 50001, { endpoint: '/cgi-bin/user/get' }, /not authorised/],
    ['secret40001', 'BAD_CREDENTIALS', 40001, { field: 'appSecret', endpoint: STABLE }, /AppSecret/],
    ['request47001', 'INVALID_REQUEST', 47001, { endpoint: PUBLISHED }, /maintainers/],
  ] as const)('%s → %s', async (name, code, errcode, fields, remedy) => {
    const job = await run(name);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const diagnostic = diagnosticOf(job);
    expect(diagnostic).toMatchObject({ code, errcode, accountId: accountOf(name).accountId, ...fields });
    expect(job.failedReason).toBe(diagnostic.summary);
    expect(diagnostic.remedy.join('\n')).toMatch(remedy);
    const stats = await sim.control.stats(accountOf(name).appId);
    expect(stats.errorsByCode[String(errcode)]).toBe(1);
  });

  test('an errcode nobody knows: three attempts, then a diagnostic quoting the errmsg', async () => {
    const job = await run('unknown');
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(diagnosticOf(job)).toMatchObject({ code: 'WECHAT_ERROR', errcode: 61999 });
    expect(job.failedReason).toContain('a refusal nobody documented');
    expect((await sim.control.stats(accountOf('unknown').appId)).errorsByCode['61999']).toBe(3);
  });
});
