import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@jest/globals';
import { RedisKeys } from '../../src/redis/keys.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

test("the README's Redis backup advice names the platform keys as the key builder spells them", () => {
  const keys = new RedisKeys('wechat');
  const section = readme.slice(readme.indexOf('### Redis'), readme.indexOf('## HTTP API'));
  expect(section).toContain(`\`${keys.platformAuthorizations('<platformId>')}\``);
  expect(section).toContain(`\`${keys.platformTicket('<platformId>')}\``);
  expect(section).toContain('platform recover <platformId>');
  // And the PostgreSQL tables it names are the ones the migrations create.
  const sql = MIGRATIONS.map((m) => m.sql).join('\n');
  for (const table of ['platform_authorizations', 'platform_tickets']) {
    expect(section).toContain(`\`${table}\``);
    expect(sql).toContain(`CREATE TABLE ${table}`);
  }
});
