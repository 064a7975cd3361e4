import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Redis } from 'ioredis';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createLogger } from '../../src/log/index.js';
import { RedisKeys } from '../../src/redis/keys.js';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.js';
import { type RunningDemo, startDemo } from '../demo/start-demo.js';
import { createTestRedis, deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { findOnPath, requireTool } from '../helpers/require-tool.js';

/*
 * Bull Board in a real browser: Debian's chromium driven by playwright-core (which never
 * downloads a browser). Skipped with one line where no chromium is on PATH (failing under
 * CI's switch); .ci/run installs one.
 */
const CHROMIUM = findOnPath('chromium') ?? findOnPath('chromium-browser');
const OUTPUT = join(import.meta.dirname, '../../test-output');
const BOARD = { user: 'ops', password: 'board-password-5e1f9a' };
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const describeWithChromium = requireTool('chromium', 'apt-get install chromium', CHROMIUM !== null);

/** A port free right now (startDemo needs a real one: PORT must be 1..65535). */
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

describeWithChromium('Bull Board in headless chromium', () => {
  const prefix = uniquePrefix('board-browser');
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let redis: Redis;

  beforeAll(async () => {
    redis = createTestRedis();
    demo = await startDemo({
      redisUrl: TEST_REDIS_URL,
      prefix,
      port: await freePort(),
      board: BOARD,
      dataDir: join(OUTPUT, prefix),
      logger: createLogger({ level: 'silent', pretty: false }),
    });
    // playwright-core starts chromium with a fresh temporary --user-data-dir of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: FLAGS });
    context = await browser.newContext({
      httpCredentials: { username: BOARD.user, password: BOARD.password },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  async function openFailedJob(page: Page): Promise<string> {
    await page.goto(demo.api.boardUrl);
    await page.locator('a[href$="/queue/sync"]').first().click();
    await page.locator('a[href$="/queue/sync?status=failed"]').first().click();
    const jobId = String(demo.jobs.blocked.id);
    await page.locator(`a[href*="/queue/sync/${jobId}"]`).first().click();
    await page.waitForURL(`**/queue/sync/${jobId}**`);
    await page.getByText('How to fix:').waitFor();
    return jobId;
  }

  test('a logged-in operator opens the failed whitelist job and sees the IP, the rid and the remedy', async () => {
    const page = await context.newPage();
    await openFailedJob(page);
    const diagnostic = (demo.jobs.blocked.progress as { diagnostic: { rid: string; ip: string } }).diagnostic;
    expect(diagnostic.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what an operator sees.
    const text = await page.innerText('body');
    expect(text).toContain('1.92.157.200');
    expect(text).toContain(diagnostic.rid);
    expect(text).toContain('How to fix:');
    expect(text).toContain('IP白名单 (IP whitelist)');
    expect(text).toContain('Add the IP 1.92.157.200 on its own line');
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'board-failed-whitelist-job.png'), fullPage: true });
    await page.close();
  }, 60_000);

  test('without credentials the board answers 401 with a Basic challenge', async () => {
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    const answers: Array<{ status: number; challenge: string | undefined }> = [];
    page.on('response', (r) =>
      answers.push({ status: r.status(), challenge: r.headers()['www-authenticate'] }),
    );
    // Headless chromium cannot prompt for a password: it ends the navigation on the challenge.
    const navigation = await page.goto(demo.api.boardUrl).then(
      () => 'loaded',
      (err: Error) => err.message,
    );
    expect(navigation).toContain('ERR_INVALID_AUTH_CREDENTIALS');
    expect(answers).toEqual([
      { status: 401, challenge: expect.stringMatching(/^Basic realm="wechat-sync"/) },
    ]);
    await anonymous.close();
    const api = await fetch(`${demo.api.boardUrl}/api/queues`);
    expect(api.status).toBe(401);
  }, 60_000);

  test('no page of either job shows a secret or an access token', async () => {
    const keys = new RedisKeys(prefix);
    const cached = await redis.get(keys.token(DEMO_ACCOUNTS[0].appId));
    const token = (JSON.parse(cached ?? '{}') as { access_token?: string }).access_token;
    expect(token).toBeTruthy();
    const forbidden = [...DEMO_ACCOUNTS.map((a) => a.secret), token as string];

    const page = await context.newPage();
    const seen: string[] = [];
    for (const job of [demo.jobs.healthy, demo.jobs.blocked]) {
      const status = (await job.getState()) === 'failed' ? 'failed' : 'completed';
      await page.goto(`${demo.api.boardUrl}/queue/sync/${job.id}?status=${status}`);
      await page.locator('button:text-is("Data")').first().waitFor();
      // Every tab of the job card: Data, Options, Logs, Progress, and Error (failed) or Result.
      for (const tab of ['Data', 'Options', 'Logs', 'Progress', 'Error', 'Result']) {
        // CSS/text selectors: role queries compute the accessibility tree, slow on a small CI box.
        const button = page.locator(`button:text-is("${tab}")`);
        if ((await button.count()) === 0) continue;
        await button.first().click();
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, plus the HTML below.
        seen.push(tab, await page.innerText('body'), await page.content());
      }
    }
    expect(seen.filter((entry) => entry === 'Data')).toHaveLength(2);
    expect(seen).toContain('Error');
    expect(seen.join('\n')).toContain(DEMO_ACCOUNTS[0].accountId);
    for (const secret of forbidden) expect(seen.join('\n')).not.toContain(secret);
    await page.close();
  }, 60_000);
});
