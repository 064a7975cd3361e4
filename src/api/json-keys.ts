/** Keys a request body may not use: they reach prototypes in careless code downstream. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

export type JsonKeyProblem = { kind: 'duplicate' | 'forbidden'; key: string };

/** Index of the quote that closes the string opening at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/**
 * The first duplicate or forbidden object key in `text`, which JSON.parse has already
 * accepted (so its syntax need not be checked again), or null. JSON.parse keeps the last
 * of duplicate keys silently, so a body such as `{"force":false,"force":true}` means
 * different things to different parsers. Hand-written because the one npm package for
 * this (json-dup-key-validator) is unmaintained and reparses the text with a parser of its
 * own; a single pass over a body of at most BODY_LIMIT characters is linear and small.
 */
export function findJsonKeyProblem(text: string): JsonKeyProblem | null {
  // One entry per open container: the keys seen so far in an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      const keys = open.at(-1);
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (FORBIDDEN_KEYS.has(key)) return { kind: 'forbidden', key };
        if (keys.has(key)) return { kind: 'duplicate', key };
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      expectKey = open.at(-1) instanceof Set;
    }
  }
  return null;
}
