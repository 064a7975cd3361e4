import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pushSignature } from '../../src/wechat-crypto/index.js';
import {
  ENCODING_AES_KEY,
  PUSH_TOKEN,
  type PushWorld,
  pushesSettled,
  startPushWorld,
} from '../helpers/push-world.js';
import { followerEventXml, PushSender, publishEventXml } from '../simulator/index.js';

const ACCOUNT = 'push-main';
const APP_ID = 'wx13a0000000000001';

let world: PushWorld;
let nextTime = 1_700_000_000;
const createTime = () => nextTime++;

beforeAll(async () => {
  world = await startPushWorld('push-routes', [{ accountId: ACCOUNT, appId: APP_ID, secret: 's3cret-push' }]);
  await world.system.sim.control.putApp(APP_ID, {
    secret: 's3cret-push',
    seed: { articles: 3, followers: 50 },
  });
});

afterAll(async () => {
  await world.close();
});

const simApp = () => world.system.sim.state.requireApp(APP_ID);
const store = () => world.system.services.store;

function signedQuery(token = PUSH_TOKEN, timestamp = Math.floor(Date.now() / 1000)): URLSearchParams {
  const nonce = 'n0nce';
  const ts = String(timestamp);
  return new URLSearchParams({ signature: pushSignature([token, ts, nonce]), timestamp: ts, nonce });
}

async function post(query: URLSearchParams, body: string) {
  const res = await fetch(`${world.url}/wechat/push/${ACCOUNT}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  return { status: res.status, text: await res.text() };
}

describe('GET verification', () => {
  test('a correctly signed verification answers echostr', async () => {
    const query = signedQuery();
    query.set('echostr', 'echo-123');
    const res = await fetch(`${world.url}/wechat/push/${ACCOUNT}?${query}`, {
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('echo-123');
  });

  test('a wrong signature gets 401 and a warn line', async () => {
    const query = signedQuery('not-the-token');
    query.set('echostr', 'echo-123');
    const res = await fetch(`${world.url}/wechat/push/${ACCOUNT}?${query}`, {
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('echo-123');
  });

  test('an account without push configured is 404', async () => {
    const res = await fetch(`${world.url}/wechat/push/nobody?${signedQuery()}`, {
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(404);
  });
});

describe('POST in every mode stores the follower', () => {
  test.each(['plain', 'compatible', 'safe'] as const)('%s mode', async (mode) => {
    const openid = simApp().followers.openids[mode === 'plain' ? 0 : mode === 'compatible' ? 1 : 2]!;
    const outcome = await world
      .sender(ACCOUNT, mode)
      .send(followerEventXml('gh_sim', openid, createTime(), 'subscribe'));
    expect(outcome).toMatchObject({ status: 200, body: 'success', tries: 1 });
    await pushesSettled(world, ACCOUNT);
    const stored = (await store().getFollowers(ACCOUNT, [openid])).get(openid);
    expect(stored).toMatchObject({ openid, subscribed: true });
    // The user info came from user/info: the simulator's nickname is never empty.
    expect(stored?.nickname).not.toBe('');
  });
});

describe('refusals', () => {
  const xml = () => followerEventXml('gh_sim', simApp().followers.openids[3]!, createTime(), 'subscribe');

  test('a bad signature is 401 with a warn line that does not carry the body', async () => {
    const body = xml();
    const res = await post(signedQuery('wrong-token'), body);
    expect(res.status).toBe(401);
    const warn = world.system.log.lines.find(
      (line) => line.includes('push refused') && line.includes('bad signature'),
    );
    expect(warn).toBeDefined();
    expect(warn).not.toContain('FromUserName');
    expect(world.system.log.lines.join('\n')).not.toContain(PUSH_TOKEN);
  });

  test('a stale timestamp (replay) is 400', async () => {
    const res = await post(signedQuery(PUSH_TOKEN, Math.floor(Date.now() / 1000) - 3600), xml());
    expect(res.status).toBe(400);
    expect(res.text).toContain('timestamp');
  });

  test('malformed XML, a DOCTYPE and a body without <xml> are 400', async () => {
    expect((await post(signedQuery(), '<xml><FromUserName>x</xml>')).status).toBe(400);
    const doctype = '<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>';
    expect(await post(signedQuery(), doctype)).toMatchObject({ status: 400 });
    expect((await post(signedQuery(), '<other/>')).status).toBe(400);
  });

  test('an oversized body is 413', async () => {
    const res = await post(signedQuery(), `<xml><Content>${'a'.repeat(70 * 1024)}</Content></xml>`);
    expect(res.status).toBe(413);
  });

  test('a message encrypted for another AppID is 400', async () => {
    const foreign = new PushSender({
      url: `${world.url}/wechat/push/${ACCOUNT}`,
      token: PUSH_TOKEN,
      appId: 'wxffffffffffffffff',
      mode: 'safe',
      encodingAESKey: ENCODING_AES_KEY,
    });
    const outcome = await foreign.send(xml());
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain('AppID');
  });

  test('a bad msg_signature in safe mode is 401', async () => {
    const { url, body } = world.sender(ACCOUNT, 'safe').build(xml());
    const tampered = new URL(url);
    tampered.searchParams.set('msg_signature', '0'.repeat(40));
    const res = await fetch(tampered, { method: 'POST', body, signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(401);
  });

  test('after all of that the route still takes a good push', async () => {
    const outcome = await world.sender(ACCOUNT, 'safe').send(xml());
    expect(outcome.status).toBe(200);
    await pushesSettled(world, ACCOUNT);
  });
});

describe('a publish pushed by WeChat', () => {
  test('is stored within a second of the push, without any freepublish/batchget call', async () => {
    await world.system.sim.control.resetStats(APP_ID);
    const post = simApp().events.publish(
      simApp().content().published,
      'Pushed, not polled',
      Math.floor(Date.now() / 1000),
    );
    const sent = performance.now();
    const outcome = await world.sender(ACCOUNT, 'safe').send(
      publishEventXml('gh_sim', createTime(), {
        publishId: '2247483999',
        status: 0,
        articleId: post.article_id,
      }),
    );
    expect(outcome.status).toBe(200);
    await pushesSettled(world, ACCOUNT);
    const elapsed = performance.now() - sent;
    const stored = (await store().getArticles(ACCOUNT, [post.article_id])).get(post.article_id);
    expect(stored?.items[0]?.title).toBe('Pushed, not polled');
    expect(elapsed).toBeLessThan(1_000);
    const stats = await world.system.sim.control.stats(APP_ID);
    expect(stats.callsByEndpoint['/cgi-bin/freepublish/batchget'] ?? 0).toBe(0);
    expect(stats.callsByEndpoint['/cgi-bin/freepublish/getarticle']).toBe(1);
    // And it is listed by the articles read path.
    const page = await store().listArticles(ACCOUNT, { limit: 100 });
    expect(page.items.map((a) => a.articleId)).toContain(post.article_id);
  });

  test('status 5 marks the stored article deleted, keeping its items', async () => {
    const [post] = simApp().content().published;
    const outcome = await world.sender(ACCOUNT, 'plain').send(
      publishEventXml('gh_sim', createTime(), {
        publishId: '2247484000',
        status: 0,
        articleId: post!.article_id,
      }),
    );
    expect(outcome.status).toBe(200);
    await pushesSettled(world, ACCOUNT);
    await world.sender(ACCOUNT, 'plain').send(
      publishEventXml('gh_sim', createTime(), {
        publishId: '2247484000',
        status: 5,
        articleId: post!.article_id,
      }),
    );
    await pushesSettled(world, ACCOUNT);
    const stored = (await store().getArticles(ACCOUNT, [post!.article_id])).get(post!.article_id);
    expect(stored).toMatchObject({ removed: 'deleted' });
    expect(stored?.items.length).toBeGreaterThan(0);
  });
});

describe('WeChat retries a slow answer', () => {
  let delayer: Server;
  let delayed = 0;

  beforeAll(async () => {
    // Forwards every push to the API; holds the first answer past the sender's timeout, as a slow server would.
    delayer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const hold = delayed++ === 0 ? 600 : 0;
        const upstream = httpRequest(
          `${world.url}${req.url}`,
          { method: req.method, headers: { 'content-type': 'text/xml' }, timeout: 5_000 },
          (up) => {
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () =>
              setTimeout(() => res.writeHead(up.statusCode ?? 502).end(Buffer.concat(parts)), hold),
            );
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => delayer.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    delayer.closeAllConnections();
    await new Promise<void>((resolve) => delayer.close(() => resolve()));
  });

  test('the retried push is delivered twice and applied once', async () => {
    const { port } = delayer.address() as AddressInfo;
    const openid = simApp().followers.openids[10]!;
    const sender = new PushSender({
      url: `http://127.0.0.1:${port}/wechat/push/${ACCOUNT}`,
      token: PUSH_TOKEN,
      appId: APP_ID,
      mode: 'safe',
      encodingAESKey: ENCODING_AES_KEY,
      answerTimeoutMs: 300,
    });
    await world.system.sim.control.resetStats(APP_ID);
    const outcome = await sender.send(followerEventXml('gh_sim', openid, createTime(), 'subscribe'));
    expect(outcome).toMatchObject({ status: 200, tries: 2 });
    expect(delayed).toBe(2);
    await pushesSettled(world, ACCOUNT);
    const stats = await world.system.sim.control.stats(APP_ID);
    // One event, one user/info call: the retry was deduplicated.
    expect(stats.callsByEndpoint['/cgi-bin/user/info/batchget']).toBe(1);
    expect((await store().getFollowers(ACCOUNT, [openid])).get(openid)?.subscribed).toBe(true);
  });
});

describe('the account lock', () => {
  test('a push while a sync holds the lock waits (re-delayed, not dropped) and is applied after', async () => {
    const { system } = world;
    const acquired = await system.services.lock.acquire(ACCOUNT, 'test-holder');
    if (!acquired.acquired) throw new Error('lock busy before the test');
    const delayed = new Promise<void>((resolve) => {
      system.events.once('delayed', () => resolve());
    });
    const openid = simApp().followers.openids[20]!;
    try {
      const outcome = await world
        .sender(ACCOUNT, 'plain')
        .send(followerEventXml('gh_sim', openid, createTime(), 'subscribe'));
      expect(outcome.status).toBe(200);
      await delayed;
      expect((await store().getFollowers(ACCOUNT, [openid])).has(openid)).toBe(false);
    } finally {
      await acquired.lease.release();
    }
    await pushesSettled(world, ACCOUNT);
    expect((await store().getFollowers(ACCOUNT, [openid])).get(openid)?.subscribed).toBe(true);
  });
});
