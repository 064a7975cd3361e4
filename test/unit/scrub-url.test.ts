import { describe, expect, test } from '@jest/globals';
import { scrubText, scrubUrl, stripUrlQueries } from '../../src/wechat/scrub-url.js';

const TOKEN = '86_aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789_token';
const SECRET = '0123456789abcdef0123456789abcdef';

describe('scrubUrl', () => {
  test('redacts secret in a token URL and keeps the other parameters', () => {
    const url = `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1234567890abcdef&secret=${SECRET}`;
    expect(scrubUrl(url)).toBe(
      'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1234567890abcdef&secret=[redacted]',
    );
  });

  test('redacts access_token whether first, middle or last, and before a fragment', () => {
    expect(scrubUrl(`http://h/cgi-bin/user/get?access_token=${TOKEN}`)).toBe(
      'http://h/cgi-bin/user/get?access_token=[redacted]',
    );
    expect(scrubUrl(`http://h/p?a=1&access_token=${TOKEN}&next_openid=o1`)).toBe(
      'http://h/p?a=1&access_token=[redacted]&next_openid=o1',
    );
    expect(scrubUrl(`http://h/p?access_token=${TOKEN}#frag`)).toBe('http://h/p?access_token=[redacted]#frag');
  });

  test('appsecret, any letter case, and several in one URL', () => {
    const url = `http://h/p?APPSECRET=${SECRET}&Access_Token=${TOKEN}&secret=${SECRET}`;
    const scrubbed = scrubUrl(url);
    expect(scrubbed).toBe('http://h/p?APPSECRET=[redacted]&Access_Token=[redacted]&secret=[redacted]');
  });

  test('leaves URLs without credentials, and parameters that merely end in "secret", alone', () => {
    expect(scrubUrl('https://api.weixin.qq.com/cgi-bin/draft/count')).toBe(
      'https://api.weixin.qq.com/cgi-bin/draft/count',
    );
    expect(scrubUrl('http://h/p?mysecret=x&tokens=y')).toBe('http://h/p?mysecret=x&tokens=y');
  });

  test('redacts an empty value too (the shape stays recognisable)', () => {
    expect(scrubUrl('http://h/p?secret=&a=1')).toBe('http://h/p?secret=[redacted]&a=1');
  });
});

describe('scrubText', () => {
  test('a URL inside a sentence', () => {
    const text = `GET http://h/cgi-bin/token?appid=wx1&secret=${SECRET} failed: socket hang up`;
    expect(scrubText(text)).toBe(
      'GET http://h/cgi-bin/token?appid=wx1&secret=[redacted] failed: socket hang up',
    );
  });

  test('JSON credential fields, complete and cut off inside the value', () => {
    expect(scrubText(`{"access_token":"${TOKEN}","expires_in":7200}`)).toBe(
      '{"access_token":"[redacted]","expires_in":7200}',
    );
    expect(scrubText(`{"access_token" : "${TOKEN.slice(0, 20)}`)).toBe('{"access_token" : "[redacted]"');
    expect(scrubText(`{"grant_type":"client_credential","secret":"${SECRET}"}`)).toBe(
      '{"grant_type":"client_credential","secret":"[redacted]"}',
    );
  });

  test('third-party platform credentials: JSON fields and query parameters', () => {
    const body = `{"component_appid":"wx1234567890abcdef","component_appsecret":"${SECRET}","component_verify_ticket":"ticket@@@abc","authorizer_refresh_token":"refreshtoken@@@x","authorization_code":"queryauthcode@@@y"}`;
    expect(scrubText(body)).toBe(
      '{"component_appid":"wx1234567890abcdef","component_appsecret":"[redacted]","component_verify_ticket":"[redacted]","authorizer_refresh_token":"[redacted]","authorization_code":"[redacted]"}',
    );
    expect(scrubUrl(`http://h/cgi-bin/component/api_query_auth?component_access_token=${TOKEN}`)).toBe(
      'http://h/cgi-bin/component/api_query_auth?component_access_token=[redacted]',
    );
    expect(scrubText(`redirected to https://example.com/landing?auth_code=abc123&expires_in=600`)).toBe(
      'redirected to https://example.com/landing?auth_code=[redacted]&expires_in=600',
    );
  });

  test('a JSON value with escaped quotes is redacted whole', () => {
    expect(scrubText('{"secret":"a\\"b\\"c","x":1}')).toBe('{"secret":"[redacted]","x":1}');
  });

  test('known values are redacted wherever they appear', () => {
    const text = `echo: ${TOKEN} / ${SECRET}${SECRET}`;
    expect(scrubText(text, [TOKEN, SECRET])).toBe('echo: [redacted] / [redacted][redacted]');
  });

  test('known values too short to be real credentials are ignored (they would hit innocent text)', () => {
    expect(scrubText('the ok answer', ['ok', ''])).toBe('the ok answer');
  });

  test('text without credentials is unchanged', () => {
    const text =
      'invalid ip 1.92.157.200 ipv6 ::ffff:1.92.157.200, not in whitelist rid: 69314eae-54edb1ba-15ae265a';
    expect(scrubText(text)).toBe(text);
  });
});

describe('stripUrlQueries', () => {
  test('drops the whole query of every absolute URL and keeps the rest of the text', () => {
    const text = `POST http://127.0.0.1:1/cgi-bin/stable_token?a=1&access_token=${TOKEN} and https://x.y/z?q=2 end`;
    expect(stripUrlQueries(text)).toBe('POST http://127.0.0.1:1/cgi-bin/stable_token and https://x.y/z end');
  });
});
