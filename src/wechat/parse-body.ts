import { scrubText } from './scrub-url.js';

/** A body that is a JSON object, or what is wrong with it. */
export type ParsedBody = { ok: true; json: Record<string, unknown> } | { ok: false; problem: string };

/** How much of an unusable body an error quotes: enough to recognise a gateway page, no more. */
const EXCERPT_CHARS = 100;

/** Parses a body that should be a JSON object. Never throws: a broken body is data about the failure. */
export function parseBody(body: string): ParsedBody {
  // A BOM is legal at the start of a UTF-8 body but not in JSON.parse.
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problem: 'empty body' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the body, so it is not reused.
    return { ok: false, problem: notJsonProblem(text) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: 'JSON that is not an object' };
  }
  return { ok: true, json: value as Record<string, unknown> };
}

function notJsonProblem(text: string): string {
  const first = text.trimStart()[0];
  if (first === '<') return 'markup (HTML?), not JSON';
  return first === '{' || first === '[' ? 'invalid or truncated JSON' : 'not JSON';
}

/**
 * One line saying what the body was, with a scrubbed excerpt of at most ~100 characters,
 * e.g. `invalid or truncated JSON (content-type application/json): {"access_token":"[redacted]","expi…`.
 */
export function describeBody(
  parsed: ParsedBody,
  answer: { body: string; contentType?: string; redact?: readonly string[] },
): string {
  const what = parsed.ok ? 'JSON without a WeChat errcode' : parsed.problem;
  const type = answer.contentType ? ` (content-type ${answer.contentType})` : '';
  const excerpt = bodyExcerpt(answer.body, answer.redact);
  return excerpt ? `${what}${type}: ${excerpt}` : `${what}${type}`;
}

/** Scrubbed before it is cut, so a credential split by the cut is still recognised whole. */
export function bodyExcerpt(body: string, redact: readonly string[] = []): string {
  const flat = scrubText(body, redact).replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
