import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import type { AppCredentials } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { IpNotWhitelistedError, TransientError } from '../../src/wechat/errors/index.js';
import { unusedPort } from '../helpers/ports.js';
import { startTestProxy, type TestProxy } from '../helpers/test-proxy.js';
import { type SimulatorHandle, startSimulator } from '../simulator/index.js';

const APP_ID = 'wx12000000000000a1';
const SECRET = randomBytes(16).toString('hex');
const APP: AppCredentials = { appId: APP_ID, appSecret: new Sensitive(SECRET) };

let sim: SimulatorHandle;
let proxy: TestProxy;
const clients: WeChatClient[] = [];
const clientVia = (proxyUrl: string | null) => {
  const client = new WeChatClient({ baseUrl: sim.url, timeoutMs: 3_000, proxyUrl });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  sim = await startSimulator();
  proxy = await startTestProxy('127.0.0.2');
});

afterAll(async () => {
  for (const client of clients) client.close();
  await proxy.close();
  await sim.close();
});

beforeEach(async () => {
  await sim.control.reset();
  // Only the proxy's address is whitelisted, as an operator would set it up.
  await sim.control.putApp(APP_ID, { secret: SECRET, whitelist: [proxy.egressIp], seed: { articles: 45 } });
});

describe('WECHAT_PROXY_URL egress', () => {
  test('direct, the whitelist refuses this host (the check discriminates)', async () => {
    const err = await clientVia(null)
      .fetchStableToken(APP)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpNotWhitelistedError);
    expect((err as IpNotWhitelistedError).ip).toBe('127.0.0.1');
  });

  test('through the proxy every WeChat call passes the whitelist and shows in the proxy log', async () => {
    const client = clientVia(proxy.url);
    const before = proxy.calls().length;
    const { token } = await client.fetchStableToken(APP);
    for (let offset = 0; offset < 45; offset += 20) {
      await client.batchGetPublished(APP_ID, token, { offset, count: 20 });
    }
    await client.getMaterialCount(APP_ID, token);
    const stats = await sim.control.stats(APP_ID);
    const logged = proxy.calls().slice(before);
    const byPath: Record<string, number> = {};
    for (const call of logged) byPath[call.path] = (byPath[call.path] ?? 0) + 1;
    expect(stats.tokenCalls + stats.dataCalls).toBe(5);
    expect(byPath).toEqual(stats.callsByEndpoint);
    expect(byPath).toEqual({
      '/cgi-bin/stable_token': 1,
      '/cgi-bin/freepublish/batchget': 3,
      '/cgi-bin/material/get_materialcount': 1,
    });
    // Keep-alive: the calls share tunnels instead of opening one each.
    expect(proxy.tunnels()).toBeLessThan(logged.length);
  });

  test('a proxy that is down is a transient error naming the proxy, not a whitelist fault', async () => {
    const port = await unusedPort();
    const client = clientVia(`http://ops:proxy-password-1234@127.0.0.1:${port}`);
    const err = await client.fetchStableToken(APP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    const transient = err as TransientError;
    expect(transient.retry).toBe('backoff');
    expect(transient.kind).toBe('network');
    expect(transient.errmsg).toMatch(
      new RegExp(
        `^the proxy http://127\\.0\\.0\\.1:${port} \\(WECHAT_PROXY_URL\\) is unreachable or refused the tunnel: connect ECONNREFUSED`,
      ),
    );
    expect(JSON.stringify(transient)).not.toContain('proxy-password-1234');
    expect(transient.message).not.toContain('proxy-password-1234');
    expect((await sim.control.stats(APP_ID)).tokenCalls).toBe(0);
  });
});
