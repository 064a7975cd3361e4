import { describe, expect, test } from '@jest/globals';
import { checkLocalRequest, type LocalRequestFacts } from '../../src/api/local-request-guard.js';

const PORT = 8084;
const get = (over: Partial<LocalRequestFacts>): LocalRequestFacts => ({
  method: 'GET',
  host: `127.0.0.1:${PORT}`,
  origin: undefined,
  secFetchSite: undefined,
  contentType: undefined,
  ...over,
});
const refusal = (facts: LocalRequestFacts, port: number | null = PORT) => {
  const error = checkLocalRequest(facts, port);
  return error ? { status: error.statusCode, message: error.message } : null;
};

describe('checkLocalRequest (issue 17: DNS rebinding and cross-site requests)', () => {
  test.each([
    `127.0.0.1:${PORT}`,
    `localhost:${PORT}`,
    `LOCALHOST:${PORT}`,
    `127.8.9.10:${PORT}`,
    `[::1]:${PORT}`,
  ])('Host %s is served', (host) => {
    expect(refusal(get({ host }))).toBeNull();
  });

  test.each([
    [`evil.example:${PORT}`],
    ['evil.example'],
    [`127.0.0.1.nip.io:${PORT}`],
    [`localhost.evil.example:${PORT}`],
    ['127.0.0.1:9999'],
    ['localhost'], // port 80 implied, not the served port
    [`evil.example@127.0.0.1:${PORT}`],
    [`127.0.0.1:${PORT}/x`],
    [`${'a'.repeat(300)}:${PORT}`],
    [''],
    [undefined],
  ])('Host %s is refused (403)', (host) => {
    expect(refusal(get({ host }))).toMatchObject({ status: 403, message: expect.stringMatching(/^host: /) });
  });

  test('a served port of null (injected request, PORT=0) accepts any port of a loopback name', () => {
    expect(refusal(get({ host: 'localhost:80' }), null)).toBeNull();
    expect(refusal(get({ host: 'evil.example:80' }), null)).toMatchObject({ status: 403 });
  });

  test.each([
    ['http://evil.example', 403],
    ['null', 403],
    [`http://localhost:${PORT + 1}`, 403],
    [`https://evil.example:${PORT}`, 403],
    [`http://127.0.0.1:${PORT}`, null],
    [`http://localhost:${PORT}`, null],
  ])('Origin %s → %s', (origin, status) => {
    const result = refusal(get({ origin }));
    expect(result?.status ?? null).toBe(status);
  });

  test.each([
    ['cross-site', 403],
    ['same-site', 403],
    ['same-origin', null],
    ['none', null],
  ])('Sec-Fetch-Site %s → %s', (secFetchSite, status) => {
    expect(refusal(get({ secFetchSite }))?.status ?? null).toBe(status);
  });

  test.each([
    ['POST', undefined, 415],
    ['POST', 'application/x-www-form-urlencoded', 415],
    ['POST', 'text/plain', 415],
    ['POST', 'multipart/form-data; boundary=x', 415],
    ['POST', 'application/json', null],
    ['POST', 'Application/JSON; charset=utf-8', null],
    ['PUT', undefined, null], // a cross-site PUT needs a CORS preflight, which is never granted
    ['PUT', 'text/plain', 415],
    ['DELETE', undefined, null],
    ['GET', undefined, null],
  ])('%s with content type %s → %s', (method, contentType, status) => {
    expect(refusal(get({ method, contentType }))?.status ?? null).toBe(status);
  });
});
