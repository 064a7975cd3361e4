import { randomBytes } from 'node:crypto';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import got from 'got';
import { Sensitive } from '../../src/config/sensitive.js';
import { createLogger, type Logger, rememberSecret } from '../../src/log/index.js';
import { IpNotWhitelistedError } from '../../src/wechat/errors/index.js';

/** Fresh every run, and never registered with rememberSecret: only the patterns and paths may catch them. */
const TOKEN = `TOKEN${randomBytes(12).toString('hex')}`;
const SECRET = `SECRET${randomBytes(12).toString('hex')}`;
const QUERY = `grant_type=client_credential&appid=wx0123456789abcdef&secret=${SECRET}&access_token=${TOKEN}`;

/** A logger writing into memory, synchronously, one JSON line per write. */
function memoryLogger(pretty = false): {
  logger: Logger;
  output: () => string;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const logger = createLogger({
    level: 'trace',
    pretty,
    destination: { write: (line: string) => chunks.push(line) },
  });
  return {
    logger,
    output: () => chunks.join(''),
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}

function expectNoCredentials(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(TOKEN);
}

let server: Server;
let baseUrl: string;
const agent = new Agent({ keepAlive: false });

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/reset')) {
      req.socket.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream broke');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

/** A real got error, with the credentials in its URL, options and message. */
async function gotError(path: string): Promise<Error> {
  try {
    await got(`${baseUrl}${path}?${QUERY}`, {
      retry: { limit: 0 },
      throwHttpErrors: true,
      agent: { http: agent },
    });
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected got to throw');
}

describe('credentials never reach the output', () => {
  test('in fields named for secrets, top-level and nested, and in request headers', () => {
    const { logger, output, lines } = memoryLogger();
    logger.info({
      appSecret: SECRET,
      access_token: TOKEN,
      password: SECRET,
      apiToken: TOKEN,
      job: { secret: SECRET, data: { accessToken: TOKEN } },
      req: { headers: { authorization: `Bearer ${TOKEN}` } },
    });
    expectNoCredentials(output());
    expect(lines()[0]).toMatchObject({
      appSecret: '[redacted]',
      access_token: '[redacted]',
      job: { secret: '[redacted]', data: { accessToken: '[redacted]' } },
      req: { headers: { authorization: '[redacted]' } },
    });
  });

  test('in fields named for secrets below the redact paths and in any letter case', () => {
    const { logger, output } = memoryLogger();
    logger.info({
      a: { b: { c: { d: { appSecret: SECRET } } } },
      response: { headers: { Authorization: TOKEN } },
    });
    expectNoCredentials(output());
  });

  test('the final scrub of the line holds on its own, even when a child replaces formatters.log', () => {
    const { logger, output, lines } = memoryLogger();
    const bypass = logger.child({}, { formatters: { log: (obj: object) => obj } });
    bypass.info({
      req: { headers: { authorization: TOKEN, 'x-api-token': TOKEN, Cookie: `sid=${TOKEN}` } },
      job: { data: { apiToken: TOKEN, a: { b: { c: { d: { refresh_token: TOKEN } } } } } },
      platform: { componentAppSecret: SECRET, component_verify_ticket: TOKEN, encodingAESKey: SECRET },
    });
    expectNoCredentials(output());
    expect(lines()[0]).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-api-token': '[redacted]' } },
      platform: { componentAppSecret: '[redacted]', encodingAESKey: '[redacted]' },
    });
  });

  test('fields whose names end like a credential, at any depth (refresh tokens, tickets, AES keys)', () => {
    const { logger, output, lines } = memoryLogger();
    logger.info({
      a: { b: { c: { d: { e: { authorizer_refresh_token: TOKEN, pushToken: SECRET } } } } },
      component_verify_ticket: { value: TOKEN },
      encodingAESKey: [SECRET],
      tokenCount: 3,
    });
    expectNoCredentials(output());
    expect(lines()[0]).toMatchObject({
      component_verify_ticket: '[redacted]',
      encodingAESKey: '[redacted]',
      tokenCount: 3,
    });
  });

  test('a registered value that JSON escapes (quote, backslash) never shows, not even in child bindings', () => {
    const registered = `pa"ss\\word-${randomBytes(8).toString('hex')}`;
    rememberSecret(registered);
    const { logger, output } = memoryLogger();
    // Bindings are not walked by formatters.log: only the final scrub of the line sees them.
    logger.child({ note: `bound ${registered}` }).info({ text: registered }, `message ${registered}`);
    const text = output();
    expect(text).not.toContain(registered);
    expect(text).not.toContain(JSON.stringify(registered).slice(1, -1));
    expect(text).toContain('bound [redacted]');
  });

  test('in any string field at any depth, and in child bindings', () => {
    const { logger, output, lines } = memoryLogger();
    const url = `https://api.weixin.qq.com/cgi-bin/token?${QUERY}`;
    logger
      .child({ callUrl: url })
      .info({ a: { b: { c: { d: { url } } } }, list: [url], body: `{"access_token":"${TOKEN}"}` });
    expectNoCredentials(output());
    expect(lines()[0]?.body).toBe('{"access_token":"[redacted]"}');
  });

  test('in the message, also when built from format arguments', () => {
    const { logger, output, lines } = memoryLogger();
    const url = `https://api.weixin.qq.com/cgi-bin/token?${QUERY}`;
    logger.info(`calling ${url}`);
    logger.warn({ appId: 'wx0123456789abcdef' }, 'token call %s failed', url);
    expectNoCredentials(output());
    expect(lines().map((line) => line.msg)).toEqual([
      'calling https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=[redacted]&access_token=[redacted]',
      'token call https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=[redacted]&access_token=[redacted] failed',
    ]);
  });

  test('in an Error whose message and stack hold a URL with secret= and access_token=', () => {
    const { logger, output, lines } = memoryLogger();
    const err = new Error(`GET https://api.weixin.qq.com/cgi-bin/token?${QUERY} failed`);
    expect(err.stack).toContain(SECRET);
    logger.error({ err }, 'token fetch failed');
    logger.error(err);
    expectNoCredentials(output());
    const [withKey, bare] = lines();
    expect(withKey?.err).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('secret=[redacted]'),
      stack: expect.stringContaining('access_token=[redacted] failed\n    at '),
    });
    expect(bare?.msg).toContain('secret=[redacted]');
  });

  test('in a real got HTTPError (HTTP 500): options, timings and the URL in its message are gone', async () => {
    const err = await gotError('/cgi-bin/token');
    expect(err.message).toContain(SECRET); // got itself does leak: that is what the logger must stop
    const { logger, output, lines } = memoryLogger();
    logger.error({ err }, 'wechat call failed');
    expectNoCredentials(output());
    const logged = lines()[0]?.err as Record<string, unknown>;
    expect(logged).toMatchObject({
      type: 'HTTPError',
      code: 'ERR_NON_2XX_3XX_RESPONSE',
      message: expect.stringContaining('Request failed with status code 500'),
    });
    expect(logged.message).toContain('secret=[redacted]');
    for (const key of ['options', 'request', 'response', 'timings', 'input'])
      expect(logged).not.toHaveProperty(key);
  });

  test('in a real got RequestError (connection reset)', async () => {
    const err = await gotError('/reset');
    expect(inspect(err, { depth: 5 })).toContain(SECRET);
    const { logger, output, lines } = memoryLogger();
    logger.error({ err });
    logger.error(err);
    expectNoCredentials(output());
    expect(lines()[0]?.err).toMatchObject({ type: 'RequestError', code: 'ECONNRESET' });
  });

  test('in a value registered with rememberSecret, wherever it shows up', () => {
    const registered = `registered${randomBytes(12).toString('hex')}`;
    rememberSecret(registered);
    const { logger, output } = memoryLogger();
    const child = logger.child({ context: `bound ${registered}` });
    child.info(
      { note: `glued${registered}text`, nested: { list: [`x ${registered}`] } },
      `message ${registered}`,
    );
    child.error(new Error(`failed with ${registered}`));
    expect(output()).not.toContain(registered);
    expect(output()).toContain(`glued[redacted]text`);
  });

  test('in a Sensitive value, under any field name and in the message', () => {
    const { logger, output, lines } = memoryLogger();
    const key = new Sensitive(SECRET);
    logger.info({ credentials: { id: 'x', key }, list: [key] }, `key is ${key}`);
    expectNoCredentials(output());
    expect(lines()[0]).toMatchObject({
      credentials: { id: 'x', key: '[redacted]' },
      msg: 'key is [redacted]',
    });
  });

  test('in pretty output too', async () => {
    const err = await gotError('/cgi-bin/stable_token');
    const { logger, output } = memoryLogger(true);
    logger.error(
      { err, appSecret: SECRET, note: `answer {"access_token":"${TOKEN}"}`, url: `x?${QUERY}` },
      `failed ?${QUERY}`,
    );
    expect(output()).not.toMatch(/^\{/); // pino-pretty is installed as a devDependency, so this is not JSON
    expect(output()).toContain('secret=[redacted]');
    expectNoCredentials(output());
  });
});

describe('useful fields survive', () => {
  test('message text, context, and a WeChat error with errcode, appId, ip and rid', () => {
    const { logger, lines } = memoryLogger();
    const err = new IpNotWhitelistedError({
      errcode: 40164,
      errmsg:
        'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a',
      rid: '69314eae-54edb1ba-15ae265a',
      appId: 'wx0123456789abcdef',
      endpoint: '/cgi-bin/stable_token',
      ip: '1.92.157.200',
      ipv6: '::ffff:1.92.157.200',
    });
    logger
      .child({ jobId: 'job-1', accountId: 'main' })
      .error({ err, appId: 'wx0123456789abcdef' }, 'sync failed');
    expect(lines()[0]).toMatchObject({
      level: 50,
      msg: 'sync failed',
      jobId: 'job-1',
      accountId: 'main',
      appId: 'wx0123456789abcdef',
      err: {
        type: 'IpNotWhitelistedError',
        message: 'WeChat refused wx0123456789abcdef: IP 1.92.157.200 is not in the API IP whitelist',
        code: 'IP_NOT_WHITELISTED',
        errcode: 40164,
        errmsg: err.errmsg,
        appId: 'wx0123456789abcdef',
        endpoint: '/cgi-bin/stable_token',
        ip: '1.92.157.200',
        ipv6: '::ffff:1.92.157.200',
        rid: '69314eae-54edb1ba-15ae265a',
        retry: 'never',
      },
    });
  });

  test('base fields: pid and hostname by default, merged with the given base', () => {
    const chunks: string[] = [];
    createLogger({
      level: 'info',
      base: { role: 'worker' },
      destination: { write: (l: string) => chunks.push(l) },
    }).info('started');
    expect(JSON.parse(chunks[0] ?? '{}')).toMatchObject({ pid: process.pid, role: 'worker', msg: 'started' });
  });
});
