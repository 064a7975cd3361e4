import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobView } from '../../src/api/index.js';
import type { FailureDiagnostic } from '../../src/failures/index.js';
import { SYNC_QUEUE } from '../../src/queue/index.js';
import { type ApiHarness, createApiHarness } from '../helpers/api-harness.js';
import { createTestRedis } from '../helpers/redis.js';

const diagnostic: FailureDiagnostic = {
  code: 'IP_NOT_WHITELISTED',
  summary:
    'WeChat refused account acc-main (AppID wx0123456789abcdef) because IP 203.0.113.9 is not whitelisted.',
  accountId: 'acc-main',
  appId: 'wx0123456789abcdef',
  errcode: 40164,
  errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6a1b2c3d-1a2b3c4d-5e6f7a8b',
  ip: '203.0.113.9',
  ipv6: '::ffff:203.0.113.9',
  rid: '6a1b2c3d-1a2b3c4d-5e6f7a8b',
  endpoint: '/cgi-bin/stable_token',
  field: null,
  at: '2026-01-01T00:00:00.000Z',
  remedy: ['Add 203.0.113.9 to the IP whitelist.', 'Unblock and sync again.'],
  blockedUntil: '2026-01-01T00:15:00.000Z',
};
const summary = { accountId: 'acc-news', kinds: { articles: { pages: 2, added: 30 } }, durationMs: 12 };

let h: ApiHarness;
let workerRedis: Redis;

/**
 * A real BullMQ worker standing in for the sync worker: acc-main fails the way the real
 * processor fails a whitelist fault (diagnostic in progress, UnrecoverableError),
 * acc-news completes with a summary.
 */
function startWorker(prefix: string): Worker {
  return new Worker(
    SYNC_QUEUE,
    async (job: Job) => {
      if (job.data.accountId === 'acc-main') {
        await job.updateProgress({ phase: 'failed', diagnostic });
        throw new UnrecoverableError(diagnostic.summary);
      }
      return summary;
    },
    { connection: workerRedis, prefix },
  );
}

/** Resolves when the worker has finished this job (completed or failed). */
function finished(worker: Worker, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const onEnd = (job: Job | undefined) => {
      if (job?.id === jobId) resolve();
    };
    worker.on('completed', onEnd);
    worker.on('failed', onEnd);
  });
}

/**
 * Runs one job through a worker that exists only for that job: a paused worker can still
 * take a job with the blocking fetch it had in flight, so "waiting" stays waiting only
 * while no worker exists at all.
 */
async function enqueueAndFinish(accountId: string): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/official-api/wechat/sync',
    payload: { accountId },
  });
  const { jobId } = res.json<{ jobId: string }>();
  const worker = startWorker(h.prefix);
  try {
    await finished(worker, jobId);
  } finally {
    await worker.close();
  }
  return jobId;
}

function getStatus(jobId: string) {
  return h.app.inject({ method: 'GET', url: `/official-api/wechat/sync/${jobId}` });
}

beforeAll(async () => {
  h = await createApiHarness('api-job-status');
  workerRedis = createTestRedis();
});

afterAll(async () => {
  await workerRedis.quit();
  await h.close();
});

describe('GET /official-api/wechat/sync/:jobId', () => {
  test('a waiting job: its data, state and attempts, nothing processed yet', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/official-api/wechat/sync',
      payload: { accountId: 'acc-news', force: true },
    });
    const { jobId } = res.json<{ jobId: string }>();
    const status = await getStatus(jobId);
    expect(status.statusCode).toBe(200);
    const view = status.json<JobView>();
    expect(view).toMatchObject({
      jobId,
      accountId: 'acc-news',
      trigger: 'api',
      force: true,
      state: 'waiting',
      attemptsMade: 0,
      attempts: 5,
      result: null,
      failedReason: null,
      diagnostic: null,
      timestamps: { processed: null, finished: null },
    });
    expect(Date.parse(view.timestamps.created ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(view.blocked).toBeUndefined();
    await h.queue.remove(jobId);
  });

  test('a failed job returns the diagnostic the worker put in its progress', async () => {
    const jobId = await enqueueAndFinish('acc-main');
    const view = (await getStatus(jobId)).json<JobView>();
    expect(view.state).toBe('failed');
    expect(view.failedReason).toBe(diagnostic.summary);
    expect(view.diagnostic).toEqual(diagnostic);
    expect(view.attemptsMade).toBe(1);
    expect(view.result).toBeNull();
    expect(view.timestamps.finished).not.toBeNull();
  });

  test('while the account is blocked, the view says until when and why', async () => {
    const jobId = await enqueueAndFinish('acc-main');
    await h.blocks.block('acc-main', diagnostic, 120_000);
    const view = (await getStatus(jobId)).json<JobView>();
    expect(view.blocked?.code).toBe('IP_NOT_WHITELISTED');
    expect(view.blocked?.summary).toBe(diagnostic.summary);
    const until = Date.parse(view.blocked?.until ?? '');
    expect(until).toBeGreaterThan(Date.now() + 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 120_000);
    await h.blocks.clear('acc-main');
    expect((await getStatus(jobId)).json<JobView>().blocked).toBeUndefined();
  });

  test('a completed job returns its result', async () => {
    const jobId = await enqueueAndFinish('acc-news');
    const view = (await getStatus(jobId)).json<JobView>();
    expect(view.state).toBe('completed');
    expect(view.result).toEqual(summary);
    expect(view.diagnostic).toBeNull();
    expect(view.failedReason).toBeNull();
    expect(view.timestamps.processed).not.toBeNull();
  });

  test('an unknown job id is 404 JOB_NOT_FOUND', async () => {
    const res = await getStatus('acc-main-nosuchjob-000000');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'JOB_NOT_FOUND', message: 'jobId: no job acc-main-nosuchjob-000000' },
    });
  });

  test('a job added by hand with invalid data still gets a view, with nulls for what is not valid', async () => {
    const job = await h.queue.add('sync-account', { accountId: 'x', trigger: 'nope' } as never, {
      jobId: 'hand-made-1',
    });
    const view = (await getStatus(String(job.id))).json<JobView>();
    expect(view).toMatchObject({
      jobId: 'hand-made-1',
      accountId: null,
      trigger: null,
      force: null,
      state: 'waiting',
    });
    await job.remove();
  });
});
