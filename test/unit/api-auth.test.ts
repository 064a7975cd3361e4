import { describe, expect, test } from '@jest/globals';
import { assertApiConfig } from '../../src/api/api-config.js';
import { checkBearer } from '../../src/api/bearer-auth.js';
import { isLocalClient } from '../../src/api/local-client.js';
import { SecretDigest } from '../../src/api/secret-digest.js';
import { ConfigError, Sensitive } from '../../src/config/index.js';

const TOKEN = 'unit-token-0123456789abcdef';
const digest = new SecretDigest(TOKEN);

describe('SecretDigest', () => {
  test('matches only the exact secret, whatever the length of what is presented', () => {
    expect(digest.matches(TOKEN)).toBe(true);
    for (const other of ['', 'u', TOKEN.slice(0, -1), `${TOKEN} `, TOKEN.toUpperCase(), 'x'.repeat(10_000)]) {
      expect(digest.matches(other)).toBe(false);
    }
  });

  test('compares UTF-8 text', () => {
    expect(new SecretDigest('pässwörd-密码').matches('pässwörd-密码')).toBe(true);
    expect(new SecretDigest('pässwörd-密码').matches('passwort-密码')).toBe(false);
  });
});

describe('checkBearer', () => {
  test.each([[`Bearer ${TOKEN}`], [`bearer ${TOKEN}`], [`BEARER ${TOKEN}`], [`Bearer  ${TOKEN} `]])(
    '%j is accepted',
    (header) => {
      expect(checkBearer(header, digest)).toBeNull();
    },
  );

  test.each([
    [
      undefined,
      'authorization: missing; send Authorization: Bearer <API_TOKEN>',
      'Bearer realm="wechat-sync"',
    ],
    ['', 'authorization: missing; send Authorization: Bearer <API_TOKEN>', 'Bearer realm="wechat-sync"'],
    [
      TOKEN,
      'authorization: expected the Bearer scheme',
      'Bearer realm="wechat-sync", error="invalid_request"',
    ],
    [
      `Basic ${TOKEN}`,
      'authorization: expected the Bearer scheme',
      'Bearer realm="wechat-sync", error="invalid_request"',
    ],
    [
      `Bearer ${TOKEN} extra`,
      'authorization: expected the Bearer scheme',
      'Bearer realm="wechat-sync", error="invalid_request"',
    ],
    [
      'Bearer wrong-token',
      'authorization: invalid token',
      'Bearer realm="wechat-sync", error="invalid_token"',
    ],
  ])('%j is refused: %s', (header, message, challenge) => {
    const refused = checkBearer(header, digest);
    expect(refused?.statusCode).toBe(401);
    expect(refused?.message).toBe(message);
    expect(refused?.headers['www-authenticate']).toBe(challenge);
  });

  test('a refusal never repeats the presented token', () => {
    const refused = checkBearer(`Bearer ${TOKEN.slice(0, -2)}`, digest);
    expect(JSON.stringify(refused?.toBody())).not.toContain(TOKEN.slice(0, 10));
  });
});

describe('isLocalClient', () => {
  test.each(['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1'])(
    '%s without proxy headers is local',
    (ip) => {
      expect(isLocalClient({ ip, headers: {} })).toBe(true);
    },
  );

  test.each(['10.0.0.1', '192.168.1.1', '::ffff:10.0.0.1', '2001:db8::1', '0.0.0.0'])(
    '%s is not local',
    (ip) => {
      expect(isLocalClient({ ip, headers: {} })).toBe(false);
    },
  );

  test.each(['forwarded', 'x-forwarded-for', 'x-real-ip'])(
    'a loopback socket with %s came through a proxy',
    (name) => {
      expect(isLocalClient({ ip: '127.0.0.1', headers: { [name]: '127.0.0.1' } })).toBe(false);
    },
  );
});

describe('assertApiConfig', () => {
  test.each(['127.0.0.1', 'localhost', '::1'])('no token on loopback HOST %s is allowed', (host) => {
    expect(() => assertApiConfig({ host, apiToken: null })).not.toThrow();
  });

  test('a token makes any HOST acceptable', () => {
    expect(() => assertApiConfig({ host: '0.0.0.0', apiToken: new Sensitive(TOKEN) })).not.toThrow();
  });

  test('no token on a public HOST is a ConfigError on API_TOKEN in the one-line format', () => {
    let caught: unknown;
    try {
      assertApiConfig({ host: '0.0.0.0', apiToken: null });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({
      field: 'API_TOKEN',
      problem: 'required when HOST (0.0.0.0) is not a loopback address',
    });
  });
});
