import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import { WeChatClient } from '../../src/wechat/client.js';
import { TransientError } from '../../src/wechat/errors/index.js';
import { MAX_ANSWER_BYTES } from '../../src/wechat/wechat-http.js';

/*
 * Issue 17 item 6: WeChat answers are read up to a cap. Before it, got buffered whatever
 * came: an endless answer held the call until its timeout and all of it in memory.
 */
const CAP = 64 * 1024;
const APP = { appId: 'wx0011223344556677', appSecret: new Sensitive('c0ffee00c0ffee00c0ffee00c0ffee00') };

let server: Server;
let client: WeChatClient;
let mode: 'endless' | 'announced' | 'small' = 'small';
/** Bytes the server managed to write on the last endless answer before the client left. */
let written = 0;

function endless(res: ServerResponse): void {
  written = 0;
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = `{"access_token":"${'x'.repeat(16 * 1024)}`;
  const pump = () => {
    while (!res.destroyed && written < 64 * 1024 * 1024) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

beforeAll(async () => {
  server = createServer((_req, res) => {
    if (mode === 'endless') return endless(res);
    if (mode === 'announced') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(CAP * 4) });
      res.write('{"access_token":"');
      return; // never finishes: the announced size alone must stop the client
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'T'.repeat(100), expires_in: 7200 }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  client = new WeChatClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 10_000, maxAnswerBytes: CAP });
});

afterAll(async () => {
  client.close();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

async function fetchError(): Promise<TransientError> {
  const err = await client.fetchToken(APP).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransientError);
  return err as TransientError;
}

describe('answer size cap (issue 17)', () => {
  test('the default cap is 16 MiB', () => {
    expect(MAX_ANSWER_BYTES).toBe(16 * 1024 * 1024);
  });

  test('an endless answer is cut at the cap, long before the timeout, as a transient bad response', async () => {
    mode = 'endless';
    const started = Date.now();
    const err = await fetchError();
    expect(err.kind).toBe('bad-response');
    expect(err.errmsg).toBe(`answer larger than ${CAP} bytes; not read`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  test('an answer whose Content-Length is over the cap is refused without reading it', async () => {
    mode = 'announced';
    const err = await fetchError();
    expect(err.kind).toBe('bad-response');
    expect(err.errmsg).toContain('answer larger than');
  });

  test('an answer under the cap is read as usual', async () => {
    mode = 'small';
    const token = await client.fetchToken(APP);
    expect(token.expiresAt).toBeGreaterThan(Date.now());
  });
});
