import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { describeFailure } from '../../src/failures/index.js';
import { AccessToken } from '../../src/wechat/access-token.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { UnknownWeChatError, WeChatError } from '../../src/wechat/errors/index.js';
import { type CorpusEntry, loadCorpus } from '../fixtures/wechat/corpus.js';

/**
 * Every recorded answer through the real client over HTTP: WeChatHttp, the classifier
 * and the answer schemas, as a sync meets them. Each must parse or fail exactly as the
 * corpus (and the README's error table) says, with the diagnostic a job would show.
 */

const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);
const APP = { appId: 'wx0123456789abcdef', appSecret: new Sensitive('0123456789abcdef0123456789abcdef') };
const TOKEN = new AccessToken(`86_${'x'.repeat(150)}`);
const ACCOUNT = 'gh_e4b07b2a992e6669';
const PLATFORM = {
  componentAppId: 'wx1234567890abcdef',
  componentAppSecret: new Sensitive('fedcba9876543210fedcba9876543210'),
};
const TICKET = new Sensitive(
  'ticket@@@lEHjsBEi_TPDey0IZxw4Zbb7JRYLOtEf9ksvDpSwzkwog3R6xEpdaK0yIee7JOyOXM0V7cp0dpM58GKmb8FSKA',
);
const AUTHORIZER = 'wxf8b4f85f3a794e77';
const REFRESH = new Sensitive('refreshtoken@@@RU0Sf_Bc5VgXeU8Qd9Yw2Lk7Np4Tm1Zs3Hx6Jc');
const corpus = loadCorpus();

let server: Server;
let client: WeChatClient;
let current: CorpusEntry | null = null;
let seenPath: string | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenPath = new URL(req.url ?? '/', 'http://corpus').pathname;
    req.resume();
    req.on('end', () => {
      const answer = current?.answer;
      if (!answer) return void res.writeHead(500).end('no answer set');
      const body = 'json' in answer ? JSON.stringify(answer.json) : answer.text;
      res.writeHead(answer.status, { 'content-type': answer.contentType }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new WeChatClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 5_000, now: () => NOW });
});

afterAll(async () => {
  client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The client method that calls `endpoint`, and what of its result the corpus describes. */
async function call(endpoint: string): Promise<unknown> {
  const page = { offset: 0, count: 20 };
  switch (endpoint) {
    case '/cgi-bin/token':
      return tokenView(await client.fetchToken(APP));
    case '/cgi-bin/stable_token':
      return tokenView(await client.fetchStableToken(APP));
    case '/cgi-bin/freepublish/batchget':
      return client.batchGetPublished(APP.appId, TOKEN, page);
    case '/cgi-bin/draft/batchget':
      return client.batchGetDrafts(APP.appId, TOKEN, page);
    case '/cgi-bin/draft/count':
      return client.getDraftCount(APP.appId, TOKEN);
    case '/cgi-bin/material/batchget_material':
      return client.batchGetMaterial(APP.appId, TOKEN, { type: 'news', ...page });
    case '/cgi-bin/material/get_materialcount':
      return client.getMaterialCount(APP.appId, TOKEN);
    case '/cgi-bin/user/get':
      return client.getFollowers(APP.appId, TOKEN);
    case '/cgi-bin/user/info/batchget':
      return client.batchGetUserInfo(APP.appId, TOKEN, ['oLVPpjqs2BhvzwPj5A-vTYAX4GLc']);
    case '/cgi-bin/openapi/quota/get':
      return client.getApiQuota(APP.appId, TOKEN, '/cgi-bin/user/get');
    default:
      return componentCall(endpoint);
  }
}

/** The component (third-party platform) calls, as the platform subsystem makes them. */
async function componentCall(endpoint: string): Promise<unknown> {
  const api = client.component;
  const id = PLATFORM.componentAppId;
  switch (endpoint) {
    case '/cgi-bin/component/api_component_token':
      return tokenView(await api.fetchComponentToken(PLATFORM, TICKET));
    case '/cgi-bin/component/api_create_preauthcode':
      return api.createPreAuthCode(id, TOKEN);
    case '/cgi-bin/component/api_query_auth': {
      const grant = await api.queryAuth(id, TOKEN, 'queryauthcode@@@SozCwT_ve8WQI6Poum-qdG');
      return { ...grant, ...tokenView(grant.token), refreshToken: String(grant.refreshToken) };
    }
    case '/cgi-bin/component/api_authorizer_token': {
      const issued = await api.fetchAuthorizerToken(id, TOKEN, AUTHORIZER, REFRESH);
      return { ...tokenView(issued.token), refreshToken: String(issued.refreshToken) };
    }
    case '/cgi-bin/component/api_get_authorizer_info': {
      const info = await api.getAuthorizerInfo(id, TOKEN, AUTHORIZER);
      return { ...info, refreshToken: String(info.refreshToken) };
    }
    case '/cgi-bin/component/api_get_authorizer_list': {
      const { totalCount, list } = await api.listAuthorizers(id, TOKEN, 0, 500);
      expect(list.every((entry) => String(entry.refreshToken) === '[redacted]')).toBe(true);
      return {
        totalCount,
        authorizers: list.map(({ authorizerAppId, authTime }) => ({ authorizerAppId, authTime })),
      };
    }
    default:
      throw new Error(`no client method for ${endpoint}`);
  }
}

function tokenView(issued: { token: AccessToken; expiresAt: number }) {
  return { expiresInSec: (issued.expiresAt - NOW) / 1000 };
}

describe('every recorded answer through the client', () => {
  test.each(corpus.map((entry) => [`${entry.file}: ${entry.name}`, entry] as const))(
    '%s',
    async (_, entry) => {
      current = entry;
      seenPath = null;
      const outcome = await call(entry.endpoint).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      expect(seenPath).toBe(entry.endpoint);
      const wanted = entry.expect;
      if ('ok' in wanted) {
        expect(outcome).toMatchObject({ ok: true });
        if (outcome.ok) expect(outcome.value).toMatchObject(wanted.ok);
        return;
      }
      expect(outcome.ok).toBe(false);
      const err = (outcome as { error: unknown }).error;
      expect(err).toBeInstanceOf(WeChatError);
      expect(err).toMatchObject({
        name: wanted.error,
        retry: wanted.retry,
        endpoint: entry.endpoint,
        ...wanted.fields,
      });
      const ctx = { accountId: ACCOUNT, appId: APP.appId, at: NOW, blockMs: 0, maxAttempts: 5 };
      const diagnostic = describeFailure(err, { ...ctx, attempt: 1 });
      expect(diagnostic?.code ?? null).toBe(wanted.diagnostic);
      if (diagnostic) {
        expect(diagnostic).toMatchObject({ errcode: (err as WeChatError).errcode, endpoint: entry.endpoint });
        expect(diagnostic.remedy.length).toBeGreaterThan(0);
      }
      if (err instanceof UnknownWeChatError) {
        // Retried twice, then a diagnostic quoting the errmsg.
        expect(describeFailure(err, { ...ctx, attempt: 2 })).toBeNull();
        const last = describeFailure(err, { ...ctx, attempt: 3 });
        expect(last).toMatchObject({ code: 'WECHAT_ERROR', errmsg: err.errmsg });
        expect(last?.summary).toContain(err.errmsg.replace(/\s+/g, ' ').slice(0, 60));
      }
    },
  );
});

describe('the corpus covers', () => {
  /** wechat-api.md, "IP whitelist" and "Other codes". */
  const DOCUMENTED_CODES = [
    -1, -1000, 40001, 40002, 40013, 40014, 40097, 40125, 40164, 40243, 41001, 41002, 41004, 42001, 44002,
    45009, 45011, 45035, 45106, 47001, 48001, 48004, 50001, 50002, 61004, 89501, 89502, 89503, 89504, 89505,
    89506, 89507,
    // Third-party platform mode (interfaces-14.md).
    61003, 61005, 61006, 61007, 61009, 61010, 61023,
  ];
  const ENDPOINTS = [
    '/cgi-bin/token',
    '/cgi-bin/stable_token',
    '/cgi-bin/freepublish/batchget',
    '/cgi-bin/draft/batchget',
    '/cgi-bin/draft/count',
    '/cgi-bin/material/batchget_material',
    '/cgi-bin/material/get_materialcount',
    '/cgi-bin/user/get',
    '/cgi-bin/user/info/batchget',
    '/cgi-bin/openapi/quota/get',
    '/cgi-bin/component/api_component_token',
    '/cgi-bin/component/api_create_preauthcode',
    '/cgi-bin/component/api_query_auth',
    '/cgi-bin/component/api_authorizer_token',
    '/cgi-bin/component/api_get_authorizer_info',
    '/cgi-bin/component/api_get_authorizer_list',
  ];

  test('every errcode of wechat-api.md', () => {
    const codes = new Set(
      corpus.flatMap((e) =>
        'json' in e.answer && 'errcode' in e.answer.json ? [Number(e.answer.json.errcode)] : [],
      ),
    );
    expect(DOCUMENTED_CODES.filter((code) => !codes.has(code))).toEqual([]);
  });

  test('a success answer of every endpoint the client calls', () => {
    const answered = new Set(corpus.filter((e) => 'ok' in e.expect).map((e) => e.endpoint));
    expect(ENDPOINTS.filter((endpoint) => !answered.has(endpoint))).toEqual([]);
  });
});
