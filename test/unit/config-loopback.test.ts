import { describe, expect, test } from '@jest/globals';
import { isLoopbackHost } from '../../src/config/index.js';

describe('isLoopbackHost', () => {
  test.each([
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.254',
    'localhost',
    'LOCALHOST',
    'localhost.',
    '::1',
    '0:0:0:0:0:0:0:1',
    '[::1]',
    '::ffff:127.0.0.1',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  test.each([
    '0.0.0.0',
    '::',
    '128.0.0.1',
    '10.0.0.1',
    '::ffff:10.0.0.1',
    '::2',
    'localhost.example.com',
    'my-localhost',
    '127.0.0.1.nip.io',
    'api.internal',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
