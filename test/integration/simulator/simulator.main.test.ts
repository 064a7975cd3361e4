import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../../src/config/sensitive.js';
import { WeChatClient } from '../../../src/wechat/client.js';
import { PlatformReceiver } from '../../helpers/platform-receiver.js';
import { WeChatWire } from '../../helpers/simulator-wire.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = join(ROOT, 'test/simulator/main.ts');

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-main-'));
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** `npm run simulator` without npm: the same entry point under tsx, on an ephemeral port. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Fails with the child's stderr, rather than a jest timeout, when it dies before printing.
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('close', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)));
  });
  // Tests that expect the child to fail never await the line.
  firstLine.catch(() => undefined);
  return { child, firstLine, stderr: () => stderr };
}

describe('npm run simulator (test/simulator/main.ts)', () => {
  test('loads SIM_APPS_FILE, prints one line with its URL, serves, and exits 0 on SIGTERM', async () => {
    const appsFile = join(dir, 'apps.json');
    await writeFile(
      appsFile,
      JSON.stringify({ wx00000000000000aa: { secret: 'demo-secret', seed: { articles: 2 } } }),
    );
    const { child, firstLine } = startMain({ SIM_APPS_FILE: appsFile });
    const line = await firstLine;
    expect(line).toMatch(/^WeChat simulator listening on http:\/\/127\.0\.0\.1:\d+ \(apps: 1\)$/);
    const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const wx = new WeChatWire(url);
    const token = await wx.tokenOf('wx00000000000000aa', 'demo-secret');
    const page = await wx.data('/cgi-bin/freepublish/batchget', token, { offset: 0, count: 20 });
    expect(page.json.total_count).toBe(2);
    child.kill('SIGTERM');
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
  });

  test('a bad apps file stops it with one line naming the problem and exit code 1', async () => {
    const appsFile = join(dir, 'bad.json');
    await writeFile(appsFile, JSON.stringify({ wx00000000000000bb: { secret: 'x', ipErrorShape: 9 } }));
    const { child, stderr } = startMain({ SIM_APPS_FILE: appsFile });
    // 'close' (not 'exit') waits until stderr has been read to its end.
    const [code] = await once(child, 'close');
    expect(code).toBe(1);
    expect(stderr().trim()).toMatch(
      /^simulator: SIM_APPS_FILE .*bad\.json: wx00000000000000bb\.ipErrorShape: [^\n]+$/,
    );
  });

  test('an apps file that is not JSON is named in the one error line', async () => {
    const appsFile = join(dir, 'broken.json');
    await writeFile(appsFile, '{"wx00000000000000cc": ');
    const { child, stderr } = startMain({ SIM_APPS_FILE: appsFile });
    const [code] = await once(child, 'close');
    expect(code).toBe(1);
    expect(stderr().trim()).toMatch(/^simulator: SIM_APPS_FILE .*broken\.json: [^\n]+$/);
  });

  test('a sectioned file loads platforms too, and their ticket is pushed at start as WeChat does', async () => {
    const platform = {
      componentAppId: 'wx5e14c0ffee000001',
      token: 'ws14wMainPushToken',
      encodingAESKey: 'ws14wMainAbCdEfGhIjKlMnOpQrStUvWxYz01234567',
    };
    const receiver = await PlatformReceiver.start(platform);
    try {
      const appsFile = join(dir, 'platforms.json');
      await writeFile(
        appsFile,
        JSON.stringify({
          apps: { wx00000000000000dd: { secret: 'demo-secret' } },
          platforms: {
            [platform.componentAppId]: {
              secret: 'demo-component-secret',
              token: platform.token,
              encodingAESKey: platform.encodingAESKey,
              eventUrl: receiver.url,
            },
          },
        }),
      );
      const { child, firstLine } = startMain({ SIM_APPS_FILE: appsFile });
      const line = await firstLine;
      expect(line).toMatch(/ \(apps: 1, platforms: 1\)$/);
      const event = await receiver.waitFor('component_verify_ticket', 10_000);
      const client = new WeChatClient({ baseUrl: /(http:\/\/\S+)/.exec(line)?.[1] ?? '', timeoutMs: 10_000 });
      try {
        const credentials = {
          componentAppId: platform.componentAppId,
          componentAppSecret: new Sensitive('demo-component-secret'),
        };
        const ticket = new Sensitive(event.fields.ComponentVerifyTicket ?? '');
        await expect(client.component.fetchComponentToken(credentials, ticket)).resolves.toMatchObject({
          expiresAt: expect.any(Number),
        });
      } finally {
        client.close();
      }
      child.kill('SIGTERM');
      const [code] = await once(child, 'close');
      expect(code).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  test('a bad platform in the file is named by its section and field', async () => {
    const appsFile = join(dir, 'bad-platform.json');
    await writeFile(
      appsFile,
      JSON.stringify({
        platforms: { wx5e14c0ffee000002: { secret: 's', token: 't', encodingAESKey: 'short' } },
      }),
    );
    const { child, stderr } = startMain({ SIM_APPS_FILE: appsFile });
    const [code] = await once(child, 'close');
    expect(code).toBe(1);
    expect(stderr().trim()).toMatch(
      /^simulator: SIM_APPS_FILE .*bad-platform\.json: platforms\.wx5e14c0ffee000002\.encodingAESKey: [^\n]+$/,
    );
  });
});
