import { z } from 'zod';
import { echoText } from '../log/bound-text.js';

/** An entry of a WeChat list that did not validate: its id when it has a readable one, and what is wrong. */
export interface RejectedItem {
  /** The entry's id field (article_id, media_id, openid), cut to MAX_ID_CHARS; null when absent. */
  id: string | null;
  /** Paths and zod codes of the problems, never the values (which could be anything). */
  problem: string;
}

/** Ids are WeChat's (43-character media ids, 28-character openids); anything longer is cut before a log line quotes it. */
const MAX_ID_CHARS = 64;
const MAX_ISSUES = 3;

/**
 * A list whose entries are validated one by one: the good ones are kept, each bad one is
 * reported by id. One malformed article on a page must not fail the page, and with it
 * the account's every sync, for ever (issue 11): the others are stored, the bad one named.
 */
export function lenientList<T extends z.ZodType>(entry: T, idKey: string) {
  return z
    .array(z.unknown())
    .default([])
    .transform((raw) => {
      const items: z.output<T>[] = [];
      const rejected: RejectedItem[] = [];
      for (const value of raw) {
        const parsed = entry.safeParse(value);
        if (parsed.success) items.push(parsed.data);
        else rejected.push({ id: readId(value, idKey), problem: describeIssues(parsed.error) });
      }
      return { items, rejected };
    });
}

function readId(value: unknown, idKey: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>)[idKey];
  if (typeof id === 'string' && id !== '') return id.slice(0, MAX_ID_CHARS);
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : null;
}

/** Paths and codes of zod's issues, as wechat-http.ts reports a bad page. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${echoText(issue.path.join('.'), 80) || '(root)'}: ${issue.code}`);
  const more = error.issues.length > MAX_ISSUES ? `, +${error.issues.length - MAX_ISSUES} more` : '';
  return `${shown.join(', ')}${more}`;
}
