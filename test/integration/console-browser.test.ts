import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createLogger } from '../../src/log/index.js';
import { createSyncQueue, SYNC_QUEUE, type SyncQueue } from '../../src/queue/index.js';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.js';
import { type RunningDemo, startDemo } from '../demo/start-demo.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { findOnPath, requireTool } from '../helpers/require-tool.js';

/*
 * The accounts console in a real browser (Debian's chromium through playwright-core, as
 * the Bull Board test): the seed's incident on the simulator is one red row whose page
 * carries the IP, the rid and the fix; lifting the block and syncing from the page turns
 * it green. Chinese screenshots need a CJK font: .ci/run installs fonts-noto-cjk.
 */
const CHROMIUM = findOnPath('chromium') ?? findOnPath('chromium-browser');
const OUTPUT = join(import.meta.dirname, '../../test-output');
const OPERATOR = { user: 'ops', password: 'console-operator-9d2c71' };
const VIEWER = { user: 'watch', password: 'console-viewer-4be0a3' };
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];
const [HEALTHY, BLOCKED] = DEMO_ACCOUNTS;

const describeWithChromium = requireTool('chromium', 'apt-get install chromium', CHROMIUM !== null);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describeWithChromium('accounts console in headless chromium', () => {
  const prefix = uniquePrefix('console-browser');
  let demo: RunningDemo;
  let browser: Browser;
  let redis: Redis;
  let events: QueueEvents;
  let eventsConnection: Redis;
  let queue: SyncQueue;

  beforeAll(async () => {
    redis = createTestRedis();
    demo = await startDemo({
      redisUrl: TEST_REDIS_URL,
      prefix,
      port: await freePort(),
      board: OPERATOR,
      viewer: VIEWER,
      dataDir: join(OUTPUT, prefix),
      logger: createLogger({ level: 'silent', pretty: false }),
    });
    // BullMQ leaves a connection it was given open: afterAll quits this one.
    eventsConnection = redis.duplicate();
    events = new QueueEvents(SYNC_QUEUE, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    queue = createSyncQueue(redis, prefix);
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: FLAGS, timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await events?.close();
    await eventsConnection?.quit();
    await queue?.close();
    await demo?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  async function operatorPage(locale: string): Promise<Page> {
    const context = await browser.newContext({
      locale,
      httpCredentials: { username: OPERATOR.user, password: OPERATOR.password },
      viewport: { width: 1280, height: 720 },
    });
    return context.newPage();
  }

  /** Runs in the page: the computed background of an element (the cast is TypeScript only, gone in the browser). */
  const background = (el: unknown) =>
    (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(
      el,
    ).backgroundColor;

  const rowOf = (page: Page, accountId: string) => page.locator(`tr[data-account="${accountId}"]`);

  test('a viewer sees the red row and the account page without any action, and cannot POST one', async () => {
    const context = await browser.newContext({
      httpCredentials: { username: VIEWER.user, password: VIEWER.password },
    });
    const page = await context.newPage();
    await page.goto(demo.api.consoleUrl);
    expect(await rowOf(page, BLOCKED.accountId).getAttribute('data-state')).toBe('blocked');
    await page.goto(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}`);
    await page.locator('#diagnostic').waitFor();
    expect(await page.locator('form[method="post"]').count()).toBe(0);
    expect(await page.locator('[data-role]').getAttribute('data-role')).toBe('viewer');
    const answer = await page.request.post(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}/unblock`, {
      form: { _csrf: 'anything' },
    });
    expect(answer.status()).toBe(403);
    await context.close();
  }, 60_000);

  test('the seed incident is one red row in Chinese, whose page carries the IP, the rid and the fix', async () => {
    const page = await operatorPage('zh-CN');
    await page.goto(demo.api.consoleUrl);
    const rows = page.locator('tr[data-state]');
    expect(await rows.count()).toBe(2);
    const red = page.locator('tr[data-state="blocked"]');
    expect(await red.count()).toBe(1);
    expect(await red.getAttribute('data-account')).toBe(BLOCKED.accountId);
    // Worst first, and red: the row's own background colour as chromium computed it.
    expect(await rows.first().getAttribute('data-account')).toBe(BLOCKED.accountId);
    expect(await red.evaluate(background)).toBe('rgb(253, 236, 234)');
    expect(await red.textContent()).toContain('IP 白名单拦截：1.92.157.200');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'console-accounts-zh.png') });

    await red.locator('a').first().click();
    await page.locator('#diagnostic').waitFor();
    const diagnostic = (demo.jobs.blocked.progress as { diagnostic: { rid: string } }).diagnostic;
    const text = await page.locator('#diagnostic').textContent();
    expect(text).toContain('1.92.157.200');
    expect(text).toContain(diagnostic.rid);
    expect(text).toContain('设置与开发 → 基本配置 → IP白名单');
    expect(await page.locator('#copy-ip').getAttribute('data-copy')).toBe('1.92.157.200');
    await page.screenshot({ path: join(OUTPUT, 'console-account-zh.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  test('lifting the block and syncing from the page turns the account green', async () => {
    const page = await operatorPage('en-US');
    await page.goto(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}`);
    expect(await page.locator('#state').getAttribute('data-state')).toBe('blocked');
    // The operator fixes the whitelist in WeChat's admin console: here, the simulator's.
    await demo.sim.control.patchApp(BLOCKED.appId, { whitelist: ['203.0.113.7', '1.92.157.200'] });

    await page.locator('#lift-block').click();
    await page.waitForURL(/done=unblocked/);
    expect(await page.locator('#flash').textContent()).toContain('Block lifted');

    await page.locator('#sync-now').click();
    await page.waitForURL(/done=enqueued/);
    const jobId = new URL(page.url()).searchParams.get('job') as string;
    expect(jobId).toMatch(new RegExp(`^${BLOCKED.accountId}-`));
    const job = await queue.getJob(jobId);
    await job?.waitUntilFinished(events, 30_000);

    await page.goto(demo.api.consoleUrl);
    const row = rowOf(page, BLOCKED.accountId);
    expect(await row.getAttribute('data-state')).toBe('healthy');
    expect(await row.evaluate(background)).toBe('rgb(232, 245, 233)');
    expect(await page.locator('tr[data-state="blocked"]').count()).toBe(0);
    expect(await rowOf(page, HEALTHY.accountId).getAttribute('data-state')).toBe('healthy');
    await page.context().close();
  }, 60_000);

  test('a POST without the CSRF token is refused and changes nothing', async () => {
    const page = await operatorPage('en-US');
    await page.goto(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}`);
    const before = await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed');
    const forged = await page.request.post(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}/sync`, {
      form: { _csrf: 'forged' },
    });
    expect(forged.status()).toBe(403);
    const missing = await page.request.post(`${demo.api.consoleUrl}/accounts/${BLOCKED.accountId}/sync`, {
      form: {},
    });
    expect(missing.status()).toBe(403);
    expect(await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed')).toBe(
      before,
    );
    await page.context().close();
  }, 60_000);
});
