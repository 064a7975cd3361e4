import { InvalidCursorError } from './invalid-cursor-error.js';

/**
 * The listing index is a sorted set whose members all have score 0 and read
 * `<updateTime, 16 digits>:<id>`, so Redis orders them by text (ZRANGE … BYLEX) and
 * that text order is (updateTime, id). A cursor is the last member handed out, and the
 * next page starts strictly after it: unlike an offset, it neither skips nor repeats
 * records when upserts land between two pages, even among equal updateTimes.
 *
 * UPSERT_ARTICLES_LUA builds the same member for a record it replaces; keep both in step.
 */
export const INDEX_TIME_DIGITS = 16;

const MAX_INDEX_TIME = 10 ** INDEX_TIME_DIGITS - 1;
const MEMBER_PATTERN = new RegExp(`^\\d{${INDEX_TIME_DIGITS}}:.+$`, 's');

/** The index member of record `id` updated at `updateTime` (Unix seconds). */
export function indexMember(updateTime: number, id: string): string {
  if (!Number.isSafeInteger(updateTime) || updateTime < 0 || updateTime > MAX_INDEX_TIME) {
    throw new RangeError(`updateTime must be an integer in 0..${MAX_INDEX_TIME}, got ${updateTime}`);
  }
  if (id.length === 0) throw new RangeError('record id must not be empty');
  return `${String(updateTime).padStart(INDEX_TIME_DIGITS, '0')}:${id}`;
}

/** The record id inside an index member. */
export function idOfMember(member: string): string {
  return member.slice(INDEX_TIME_DIGITS + 1);
}

/** Opaque to callers (base64url), so nobody builds cursors by hand or depends on the layout. */
export function encodeCursor(member: string): string {
  return Buffer.from(member, 'utf8').toString('base64url');
}

/** The index member a cursor stands for; InvalidCursorError for anything encodeCursor did not make. */
export function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError(cursor);
  const member = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!MEMBER_PATTERN.test(member) || encodeCursor(member) !== cursor) throw new InvalidCursorError(cursor);
  return member;
}
