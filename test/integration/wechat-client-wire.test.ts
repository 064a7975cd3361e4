import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { AccessToken } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { TransientError, UnknownWeChatError, type WeChatError } from '../../src/wechat/errors/index.js';

/**
 * The client's wire behaviour against a plain HTTP server that answers what the
 * simulator never would: malformed success bodies, redirects, and exact request shapes.
 */

const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const TOKEN = 'TOKEN_0123456789_abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const APP = { appId: 'wx0011223344556677', appSecret: new Sensitive(SECRET) };
const NOW = 1_700_000_000_000;

interface Seen {
  method: string;
  url: string;
  body: string;
  contentType: string | undefined;
}

type Answer = { status?: number; headers?: Record<string, string>; body: string };

let server: Server;
let baseUrl: string;
let client: WeChatClient;
let answer: Answer;
let seen: Seen[];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => void respond(req, res));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  client = new WeChatClient({ baseUrl: `${baseUrl}/`, timeoutMs: 2_000, now: () => NOW });
});

afterAll(async () => {
  client.close();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  seen = [];
  answer = { body: '{}' };
});

async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  seen.push({ method: req.method ?? '', url: req.url ?? '', body, contentType: req.headers['content-type'] });
  res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
  res.end(answer.body);
}

async function rejection(promise: Promise<unknown>): Promise<WeChatError> {
  const err = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as WeChatError;
  for (const view of [err.message, err.stack, JSON.stringify(err), inspect(err, { depth: 10 })]) {
    expect(view).not.toContain(SECRET);
    expect(view).not.toContain(TOKEN);
  }
  return err;
}

describe('requests as WeChat expects them', () => {
  test('/cgi-bin/token: GET with grant_type, appid and secret in the query', async () => {
    answer = { body: JSON.stringify({ access_token: TOKEN, expires_in: 300 }) };
    const issued = await client.fetchToken(APP);
    expect(issued.token.reveal()).toBe(TOKEN);
    // expires_in is read, not assumed to be 7200, and made absolute with the injected clock.
    expect(issued.expiresAt).toBe(NOW + 300_000);
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0]!.url, baseUrl);
    expect(seen[0]!.method).toBe('GET');
    expect(url.pathname).toBe('/cgi-bin/token');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      grant_type: 'client_credential',
      appid: APP.appId,
      secret: SECRET,
    });
  });

  test('/cgi-bin/stable_token: POST JSON with force_refresh as a boolean', async () => {
    answer = { body: JSON.stringify({ access_token: TOKEN, expires_in: 6_000 }) };
    await client.fetchStableToken(APP, true);
    await client.fetchStableToken(APP);
    expect(seen.map((s) => [s.method, s.url, s.contentType])).toEqual([
      ['POST', '/cgi-bin/stable_token', 'application/json'],
      ['POST', '/cgi-bin/stable_token', 'application/json'],
    ]);
    expect(seen.map((s) => JSON.parse(s.body))).toEqual([
      { grant_type: 'client_credential', appid: APP.appId, secret: SECRET, force_refresh: true },
      { grant_type: 'client_credential', appid: APP.appId, secret: SECRET, force_refresh: false },
    ]);
  });

  test('data calls put the token in the query and the page in the JSON body', async () => {
    answer = { body: JSON.stringify({ total_count: 0, item_count: 0 }) };
    const page = await client.batchGetPublished(APP.appId, new AccessToken(TOKEN), {
      offset: 40,
      count: 20,
      noContent: true,
    });
    expect(page).toEqual({ total_count: 0, item_count: 0, item: [], rejected: [] });
    expect(seen[0]!.url).toBe(`/cgi-bin/freepublish/batchget?access_token=${TOKEN}`);
    expect(JSON.parse(seen[0]!.body)).toEqual({ offset: 40, count: 20, no_content: 1 });
  });

  test('getFollowers sends next_openid only when paging on', async () => {
    answer = { body: JSON.stringify({ total: 1, count: 1, data: { openid: ['o1'] }, next_openid: '' }) };
    const token = new AccessToken(TOKEN);
    await client.getFollowers(APP.appId, token);
    await client.getFollowers(APP.appId, token, 'oLAST');
    const queries = seen.map((s) => Object.fromEntries(new URL(s.url, baseUrl).searchParams));
    expect(queries).toEqual([{ access_token: TOKEN }, { next_openid: 'oLAST', access_token: TOKEN }]);
  });

  test('JSON sent as text/plain (as WeChat does) is accepted', async () => {
    answer = { headers: { 'content-type': 'text/plain' }, body: '{"total_count":7}' };
    expect(await client.getDraftCount(APP.appId, new AccessToken(TOKEN))).toEqual({ total_count: 7 });
  });
});

describe('answers the simulator never gives', () => {
  test.each([
    ['expires_in 0', { access_token: TOKEN, expires_in: 0 }, 'expires_in: too_small'],
    ['expires_in as a word', { access_token: TOKEN, expires_in: 'soon' }, 'expires_in: invalid_type'],
    ['an empty access_token', { access_token: '', expires_in: 7200 }, 'access_token: too_small'],
    ['no access_token', { expires_in: 7200 }, 'access_token: invalid_type'],
  ])('a token answer with %s → TransientError bad-response naming the field', async (_name, body, issue) => {
    answer = { body: JSON.stringify(body) };
    const err = await rejection(client.fetchStableToken(APP));
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ kind: 'bad-response', endpoint: '/cgi-bin/stable_token', statusCode: 200 });
    expect(err.errmsg).toContain(issue);
  });

  test('a token answer with expires_in as a numeric string is read as the number', async () => {
    answer = { body: JSON.stringify({ access_token: TOKEN, expires_in: '7200' }) };
    expect((await client.fetchToken(APP)).expiresAt).toBe(NOW + 7_200_000);
  });

  test('a follower page of the wrong shape → bad-response, never a half-parsed page', async () => {
    answer = { body: JSON.stringify({ total: 'many', count: 1, data: { openid: [42] } }) };
    const err = await rejection(client.getFollowers(APP.appId, new AccessToken(TOKEN)));
    expect(err).toMatchObject({ kind: 'bad-response', endpoint: '/cgi-bin/user/get' });
    expect(err.errmsg).toContain('total: invalid_type');
  });

  test('a redirect is not followed; it fails as UnknownWeChatError naming the status', async () => {
    answer = { status: 302, headers: { location: '/elsewhere' }, body: '' };
    const err = await rejection(client.fetchToken(APP));
    expect(err).toBeInstanceOf(UnknownWeChatError);
    expect(err.errmsg).toContain('HTTP 302');
    expect(seen.map((s) => new URL(s.url, baseUrl).pathname)).toEqual(['/cgi-bin/token']);
  });

  test('a WeChat error echoing the credentials of the call never shows them', async () => {
    answer = { body: JSON.stringify({ errcode: 40125, errmsg: `invalid appsecret ${SECRET}` }) };
    const err = await rejection(client.fetchToken(APP));
    expect(err.errmsg).toBe('invalid appsecret [redacted]');
    answer = { body: JSON.stringify({ errcode: 40001, errmsg: `invalid credential ${TOKEN}` }) };
    const tokenErr = await rejection(client.getMaterialCount(APP.appId, new AccessToken(TOKEN)));
    expect(tokenErr.errmsg).toBe('invalid credential [redacted]');
  });
});

describe('connections', () => {
  test('sequential calls reuse one keep-alive socket; close() destroys it', async () => {
    const separate = new WeChatClient({ baseUrl, timeoutMs: 2_000 });
    answer = { body: JSON.stringify({ total_count: 1 }) };
    const token = new AccessToken(TOKEN);
    const before = new Set(sockets);
    await separate.getDraftCount(APP.appId, token);
    await separate.getDraftCount(APP.appId, token);
    await separate.getDraftCount(APP.appId, token);
    const opened = [...sockets].filter((s) => !before.has(s));
    expect(opened).toHaveLength(1);
    const closed = once(opened[0]!, 'close');
    separate.close();
    await closed;
    expect(sockets.has(opened[0]!)).toBe(false);
  });
});
