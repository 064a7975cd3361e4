import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pino } from 'pino';
import { AccountBlocks } from '../../src/accounts/index.js';
import { describeFailure } from '../../src/failures/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { reconcileSchedules } from '../../src/schedule/index.js';
import { IpNotWhitelistedError } from '../../src/wechat/errors/index.js';
import { account, createConfigDir } from '../helpers/config-files.js';
import { runEntry } from '../helpers/entry-process.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { SilentServer } from '../helpers/silent-server.js';
import { startTestSystem, type TestSystem } from '../helpers/system.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

/** Each case starts a real `wechat-sync` process (tsx compiles on start): allow for a slow box. */
const CLI_TEST_MS = 90_000;

const healthy = {
  accountId: 'gh_healthy0000001',
  appId: 'wx00000000000000a1',
  secret: 'secret-healthy-1234567890',
};
const blocked = {
  accountId: 'gh_whitelist00001',
  appId: 'wx00000000000000b2',
  secret: 'secret-blocked-1234567890',
};

const files = createConfigDir('cli');
const accountsFile = files.write('accounts.json', [
  account(1, { accountId: healthy.accountId, appId: healthy.appId, appSecret: healthy.secret }),
  account(2, { accountId: blocked.accountId, appId: blocked.appId, appSecret: blocked.secret }),
]);

let sim: SimulatorHandle;
/** With an in-process worker: jobs run. */
let live: TestSystem;
/** No worker: jobs stay waiting, so deduplication and timeouts can be seen. */
let idle: TestSystem;

beforeAll(async () => {
  sim = await startSimulator();
  await sim.control.putApp(healthy.appId, { secret: healthy.secret, seed: { articles: 45 } });
  await sim.control.putApp(blocked.appId, {
    secret: blocked.secret,
    whitelist: ['10.1.2.3'],
    egressIp: '1.92.157.200',
  });
  live = await startTestSystem({ name: 'cli-live', accounts: [healthy, blocked], sim });
  idle = await startTestSystem({ name: 'cli-idle', accounts: [healthy, blocked], sim, worker: false });
});

afterAll(async () => {
  await live.close();
  await idle.close();
  await sim.close();
  files.remove();
});

/** `wechat-sync …` against one system's prefix, with only the environment an operator would set. */
function cli(system: TestSystem, args: string[], env: Record<string, string> = {}) {
  return runEntry('producers/cli.ts', args, {
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: system.config.queuePrefix,
    ACCOUNTS_FILE: accountsFile,
    ...env,
  });
}

function jobIdIn(stdout: string): string {
  const id = /job (\S+)/.exec(stdout)?.[1];
  if (!id) throw new Error(`no job id in: ${stdout}`);
  return id;
}

describe('usage and configuration errors exit 2', () => {
  test(
    'an unknown account names the known ones and adds no job',
    async () => {
      const run = await cli(idle, ['sync', '--account', 'nope']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`unknown account nope; known: ${healthy.accountId}, ${blocked.accountId}\n`);
      expect(run.stdout).toBe('');
      expect(await idle.queue.count()).toBe(0);
    },
    CLI_TEST_MS,
  );

  test(
    'a missing option, a bad --timeout and a missing accounts file',
    async () => {
      const [noAccount, badTimeout, noFile] = await Promise.all([
        cli(idle, ['sync']),
        cli(idle, ['sync', '--account', healthy.accountId, '--wait', '--timeout', 'soon']),
        cli(idle, ['schedules'], { ACCOUNTS_FILE: `${files.dir}/missing.json` }),
      ]);
      expect(noAccount.code).toBe(2);
      expect(noAccount.stderr).toContain("required option '-a, --account <accountId>' not specified");
      expect(badTimeout.code).toBe(2);
      expect(badTimeout.stderr).toContain("'--timeout <seconds>' argument 'soon' is invalid");
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toBe(
        `config error: ACCOUNTS_FILE: cannot read ${files.dir}/missing.json (ENOENT)\n`,
      );
      expect(await idle.queue.count()).toBe(0);
    },
    CLI_TEST_MS,
  );
});

describe('sync without --wait', () => {
  test(
    'exits 0 with the job id; the job exists with trigger cli; a second call is deduplicated',
    async () => {
      const first = await cli(idle, ['sync', '--account', healthy.accountId]);
      expect(first.code).toBe(0);
      const jobId = jobIdIn(first.stdout);
      expect(first.stdout).toBe(`enqueued a sync of account ${healthy.accountId}: job ${jobId}\n`);
      const job = await idle.queue.getJob(jobId);
      expect(job?.data).toEqual({ accountId: healthy.accountId, force: false, trigger: 'cli' });
      expect(await job?.getState()).toBe('waiting');

      const again = await cli(idle, ['sync', '--account', healthy.accountId]);
      expect(again.code).toBe(0);
      expect(jobIdIn(again.stdout)).toBe(jobId);
      expect(again.stdout).toContain('deduplicated: already waiting');
      expect(await idle.queue.getWaitingCount()).toBe(1);
    },
    CLI_TEST_MS,
  );

  test(
    '--force makes a separate job',
    async () => {
      const forced = await cli(idle, ['sync', '--account', healthy.accountId, '--force']);
      expect(forced.code).toBe(0);
      const job = await idle.queue.getJob(jobIdIn(forced.stdout));
      expect(job?.data).toEqual({ accountId: healthy.accountId, force: true, trigger: 'cli' });
      expect(forced.stdout).not.toContain('deduplicated');
    },
    CLI_TEST_MS,
  );
});

describe('sync --wait', () => {
  test(
    'a healthy account: exit 0 and the summary in plain words',
    async () => {
      const run = await cli(live, ['sync', '--account', healthy.accountId, '--wait']);
      expect(run.code).toBe(0);
      const jobId = jobIdIn(run.stdout);
      expect(run.stdout).toMatch(new RegExp(`job ${jobId} completed in \\S+\\n`));
      expect(run.stdout).toContain('  articles: 3 pages, 45 added, 0 updated, 0 unchanged\n');
      expect(await (await live.queue.getJob(jobId))?.getState()).toBe('completed');
    },
    CLI_TEST_MS,
  );

  test(
    'shows each attempt, its failure and when the next one runs, as plain lines off a terminal',
    async () => {
      await sim.control.addFault(healthy.appId, {
        kind: 'busy',
        endpoint: '/cgi-bin/freepublish/batchget',
        times: 1,
      });
      const run = await cli(live, ['sync', '--account', healthy.accountId, '--force', '--wait']);
      expect(run.code).toBe(0);
      const jobId = jobIdIn(run.stdout);
      const lines = run.stderr.split('\n');
      const failed = lines.findIndex((l) =>
        new RegExp(
          `^job ${jobId}: attempt 1 of 5 failed \\(TRANSIENT: .+\\); next attempt at \\d\\d:\\d\\d:\\d\\d UTC \\(in \\d+ s\\)$`,
        ).test(l),
      );
      expect(failed).toBeGreaterThan(-1);
      expect(lines.slice(failed + 1)).toContain(`job ${jobId}: attempt 2 of 5 running`);
      // Off a terminal no progress line is drawn: no carriage return, no escape codes.
      expect(run.stderr.includes('\r') || run.stderr.includes('\u001b')).toBe(false);
    },
    CLI_TEST_MS,
  );

  test(
    'a non-whitelisted account: exit 1, the IP, rid, errcode and the numbered remedy',
    async () => {
      const run = await cli(live, ['sync', '--account', blocked.accountId, '--wait']);
      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n');
      const job = await live.queue.getJob(jobIdIn(run.stdout));
      if (!job) throw new Error('the failed job is gone');
      type Shown = { diagnostic: { summary: string; rid: string; remedy: string[] } };
      const { diagnostic } = job.progress as Shown;
      expect(lines).toContain(`job ${job.id} failed (IP_NOT_WHITELISTED): ${diagnostic.summary}`);
      expect(lines).toContain('  IP: 1.92.157.200');
      expect(lines).toContain('  errcode: 40164');
      expect(lines).toContain(`  rid: ${diagnostic.rid}`);
      expect(diagnostic.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
      expect(diagnostic.remedy.length).toBeGreaterThan(2);
      const steps = lines.slice(
        lines.indexOf('how to fix it:') + 1,
        lines.indexOf('how to fix it:') + 1 + diagnostic.remedy.length,
      );
      expect(steps).toEqual(diagnostic.remedy.map((step, i) => `  ${i + 1}. ${step}`));
      expect(steps[0]).toMatch(/^ {2}1\. Sign in/);
      // Neither secret nor token ever reaches the output.
      expect(run.stdout + run.stderr).not.toContain(blocked.secret);
    },
    CLI_TEST_MS,
  );

  test(
    'no worker: exit 3 after --timeout, and the job keeps waiting',
    async () => {
      const run = await cli(idle, ['sync', '--account', blocked.accountId, '--wait', '--timeout', '1']);
      expect(run.code).toBe(3);
      const jobId = jobIdIn(run.stdout);
      expect(run.stderr).toContain(`gave up waiting after 1 s: job ${jobId} is still waiting.`);
      expect(run.stderr).toContain('The job keeps running');
      expect(await (await idle.queue.getJob(jobId))?.getState()).toBe('waiting');
    },
    CLI_TEST_MS,
  );
});

describe('schedules', () => {
  test(
    'lists each scheduler as a table and as JSON',
    async () => {
      await reconcileSchedules(
        idle.queue,
        idle.config.accounts.map((a, i) => ({
          accountId: a.accountId,
          schedule: i === 0 ? { kind: 'every', everyMs: 900_000 } : { kind: 'cron', pattern: '*/15 * * * *' },
        })),
        pino({ level: 'silent' }),
      );
      const [table, json] = await Promise.all([cli(idle, ['schedules']), cli(idle, ['schedules', '--json'])]);
      expect(table.code).toBe(0);
      const rows = table.stdout.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^ACCOUNT +SCHEDULE +OFFSET +NEXT RUN \(UTC\) +WHEN$/);
      expect(rows[1]).toMatch(
        new RegExp(
          `^${healthy.accountId} +every 15m +\\+\\S+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +in `,
        ),
      );
      expect(rows[2]).toMatch(
        new RegExp(`^${blocked.accountId} +cron \\*/15 \\* \\* \\* \\* \\(UTC\\) +- +`),
      );
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout) as Array<{
        accountId: string;
        every: number | null;
        next: string;
      }>;
      expect(parsed.map((r) => [r.accountId, r.every])).toEqual([
        [healthy.accountId, 900_000],
        [blocked.accountId, null],
      ]);
      const scheduler = await idle.queue.getJobScheduler(`schedule-${healthy.accountId}`);
      expect(parsed[0]?.next).toBe(new Date(scheduler?.next ?? 0).toISOString());
    },
    CLI_TEST_MS,
  );
});

describe('unblock', () => {
  test(
    'clears a block and says it was there; a second time says there was none',
    async () => {
      const blocks = new AccountBlocks(idle.redis, new RedisKeys(idle.config.queuePrefix));
      const diagnostic = describeFailure(
        new IpNotWhitelistedError({
          errcode: 40164,
          errmsg: 'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 1-2-3',
          rid: '1-2-3',
          appId: blocked.appId,
          endpoint: '/cgi-bin/stable_token',
          ip: '1.92.157.200',
          ipv6: '::ffff:1.92.157.200',
        }),
        { accountId: blocked.accountId, appId: blocked.appId, at: Date.now(), blockMs: 600_000 },
      );
      await blocks.block(blocked.accountId, diagnostic!, 600_000);

      const first = await cli(idle, ['unblock', '--account', blocked.accountId]);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`account ${blocked.accountId} was blocked; block cleared`);
      expect(first.stdout).toContain(`it was blocked after: ${diagnostic!.summary}`);
      expect(await blocks.get(blocked.accountId)).toBeNull();

      const second = await cli(idle, ['unblock', '--account', blocked.accountId]);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe(`account ${blocked.accountId} was not blocked; nothing to clear\n`);
    },
    CLI_TEST_MS,
  );
});

describe('jobs and queue', () => {
  test(
    'list failed jobs by reason, retry them while the queue is paused, clean them',
    async () => {
      const failed = await cli(live, ['sync', '--account', blocked.accountId, '--force', '--wait']);
      expect(failed.code).toBe(1);
      const jobId = jobIdIn(failed.stdout);

      const listed = await cli(live, ['jobs', 'list', '--reason', 'ip_not_whitelisted']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`^${jobId}  ${blocked.accountId}  IP_NOT_WHITELISTED  `, 'm'));
      expect(listed.stdout).toMatch(/failed jobs?: IP_NOT_WHITELISTED \d+\n$/);

      const unfiltered = await cli(live, ['jobs', 'retry']);
      expect(unfiltered.code).toBe(2);
      expect(unfiltered.stderr).toBe('error: jobs retry needs --account, --reason or --all\n');

      // Paused, the retried job waits instead of failing again at once.
      const paused = await cli(live, ['queue', 'pause']);
      expect(paused.stdout).toMatch(/^queue paused: waiting \d+, active \d+, delayed \d+, failed \d+\n$/);
      try {
        const retried = await cli(live, ['jobs', 'retry', '--account', blocked.accountId]);
        expect(retried.code).toBe(0);
        expect(retried.stdout).toMatch(/^retried (\d+) of \1 failed jobs?\n$/);
        expect(await (await live.queue.getJob(jobId))?.getState()).toMatch(/^(waiting|paused)$/);
      } finally {
        const resumed = await cli(live, ['queue', 'resume']);
        expect(resumed.stdout).toMatch(/^queue running: /);
      }
      await live.finished(jobId);
      const cleaned = await cli(live, ['jobs', 'clean', '--reason', 'IP_NOT_WHITELISTED']);
      expect(cleaned.stdout).toMatch(/^removed (\d+) of \1 failed jobs?\n$/);
      expect(await live.queue.getJob(jobId)).toBeUndefined();
    },
    // Eight CLI processes, each compiled by tsx on start.
    3 * CLI_TEST_MS,
  );
});

describe('secrets only where WeChat is called', () => {
  const envSecretFile = files.write('env-secrets.json', [
    account(1, { accountId: healthy.accountId, appId: healthy.appId, appSecret: 'env:WS18_UNSET_SECRET' }),
  ]);
  test(
    'locks, schedules and sync run without the secret; diagnose (which fetches a token) needs it',
    async () => {
      const env = { ACCOUNTS_FILE: envSecretFile };
      const schedules = await cli(idle, ['schedules'], env);
      expect(schedules.stderr).toBe('');
      expect(schedules.code).toBe(0);
      const locks = await cli(idle, ['locks'], env);
      expect(locks.code).toBe(0);
      const sync = await cli(idle, ['sync', '--account', healthy.accountId], env);
      expect(sync.code).toBe(0);
      const diagnose = await cli(idle, ['diagnose'], env);
      expect(diagnose.code).toBe(2);
      expect(diagnose.stderr).toBe(
        'config error: env-secrets.json[0].appSecret: environment variable WS18_UNSET_SECRET is not set\n',
      );
    },
    CLI_TEST_MS,
  );
});

describe('Redis unreachable', () => {
  test(
    'fails with its own exit code 4 and names the address instead of hanging',
    async () => {
      const run = await cli(idle, ['schedules'], { REDIS_URL: 'redis://127.0.0.1:1' });
      expect(run.code).toBe(4);
      expect(run.stderr).toBe(
        'error: cannot reach Redis at 127.0.0.1:1 (REDIS_URL): connection refused (is redis-server running?)\n',
      );
    },
    CLI_TEST_MS,
  );

  test(
    'a Redis that accepts and never answers: exit 4 after REDIS_CONNECT_TIMEOUT_MS, not a hang',
    async () => {
      const silent = await SilentServer.start();
      try {
        const run = await cli(idle, ['locks'], {
          REDIS_URL: `redis://127.0.0.1:${silent.port}`,
          REDIS_CONNECT_TIMEOUT_MS: '300',
        });
        expect(run.code).toBe(4);
        expect(run.stderr).toMatch(
          new RegExp(
            `^error: cannot reach Redis at 127\\.0\\.0\\.1:${silent.port} \\(REDIS_URL\\): it accepted the connection but did not answer PING within 0\\.3 s`,
          ),
        );
      } finally {
        await silent.close();
      }
    },
    CLI_TEST_MS,
  );
});
