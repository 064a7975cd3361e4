import { describe, expect, test } from '@jest/globals';
import { latestPerFollower } from '../../src/push/apply-push-events.js';
import { readPush } from '../../src/push/push-event.js';
import { PushRejection } from '../../src/push/push-rejection.js';
import { parsePushXml } from '../../src/push/push-xml.js';
import { followerEventXml, massSendEventXml, publishEventXml } from '../simulator/index.js';

const OPENID = 'oAbCdEfGhIjKlMnOpQrStUvWxYz0';

describe('parsePushXml', () => {
  test('reads the children of <xml>, values as strings (a 64-bit MsgId keeps every digit)', () => {
    const root = parsePushXml(
      '<xml><MsgId>9223372036854775807</MsgId><CreateTime>1700000000</CreateTime></xml>',
    );
    expect(root).toEqual({ MsgId: '9223372036854775807', CreateTime: '1700000000' });
  });

  test.each([
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><A>&x;</A></xml>', 400],
    ['malformed XML', '<xml><A></xml>', 400],
    ['no <xml> root', '<root><A>1</A></root>', 400],
    ['more than 64 KB', `<xml><A>${'x'.repeat(65 * 1024)}</A></xml>`, 413],
  ])('refuses %s', (_name, text, status) => {
    expect(() => parsePushXml(text)).toThrow(
      expect.objectContaining({ name: 'PushRejection', statusCode: status }),
    );
  });

  test('entities are not expanded', () => {
    expect(parsePushXml('<xml><A>&lt;b&gt;</A></xml>').A).toBe('&lt;b&gt;');
  });
});

describe('readPush', () => {
  test('subscribe and unsubscribe: the follower, the time, a dedup key of sender + time + event', () => {
    const push = readPush(parsePushXml(followerEventXml('gh_x', OPENID, 1_700_000_001, 'unsubscribe')));
    expect(push).toEqual({
      kind: 'event',
      dedupId: `e${OPENID}:1700000001:unsubscribe`,
      event: { type: 'unsubscribe', openid: OPENID, at: 1_700_000_001 },
    });
  });

  test('PUBLISHJOBFINISH: publish id, status and article id', () => {
    const xml = publishEventXml('gh_x', 1_700_000_002, {
      publishId: '2247483999',
      status: 0,
      articleId: 'ART_1',
    });
    expect(readPush(parsePushXml(xml))).toMatchObject({
      kind: 'event',
      event: { type: 'publish', publishId: '2247483999', status: 0, articleId: 'ART_1', at: 1_700_000_002 },
    });
  });

  test('MASSSENDJOBFINISH: deduplicated by its MsgID', () => {
    const push = readPush(parsePushXml(massSendEventXml('gh_x', 1_700_000_003, '1000001', 20)));
    expect(push).toMatchObject({
      kind: 'event',
      dedupId: 'm1000001',
      event: { type: 'masssend', msgId: '1000001', sentCount: 20 },
    });
  });

  test('a text message is acknowledged and ignored', () => {
    const xml = `<xml><ToUserName>gh_x</ToUserName><FromUserName>${OPENID}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>42</MsgId></xml>`;
    expect(readPush(parsePushXml(xml))).toEqual({
      kind: 'ignored',
      dedupId: 'm42',
      msgType: 'text',
      event: '',
    });
  });

  test('an event without a usable sender or time is null (the route answers 400)', () => {
    expect(readPush(parsePushXml('<xml><MsgType>event</MsgType><Event>subscribe</Event></xml>'))).toBeNull();
    expect(readPush(parsePushXml(followerEventXml('gh_x', 'bad openid!', 1, 'subscribe')))).toBeNull();
  });
});

describe('latestPerFollower', () => {
  test('the event with the latest CreateTime wins, whatever the order of arrival; a tie goes to the later delivery', () => {
    const latest = latestPerFollower([
      { type: 'unsubscribe', openid: 'a', at: 3 },
      { type: 'subscribe', openid: 'a', at: 1 },
      { type: 'subscribe', openid: 'b', at: 5 },
      { type: 'unsubscribe', openid: 'b', at: 5 },
    ]);
    expect(latest).toEqual([
      { type: 'unsubscribe', openid: 'a', at: 3 },
      { type: 'unsubscribe', openid: 'b', at: 5 },
    ]);
  });

  test('PushRejection is a 4xx with a literal name and no retry', () => {
    const err = new PushRejection(401, 'bad signature');
    expect(err).toMatchObject({ name: 'PushRejection', statusCode: 401, retry: 'never' });
  });
});
