/**
 * Structural comparison of WeChat answers for the corpus contract test: types and key
 * sets, never values (ids, times and texts differ between the corpus and the simulator;
 * their shape must not).
 */

/** Where `actual` leaves the shape of `expected`, or null when it has it. */
export function shapeMismatch(actual: unknown, expected: unknown, path = '$'): string | null {
  const kind = kindOf(actual);
  if (kind !== kindOf(expected)) return `${path}: ${kind} where the corpus has ${kindOf(expected)}`;
  if (Array.isArray(actual)) return arrayMismatch(actual, expected as unknown[], path);
  if (kind === 'object') return objectMismatch(actual as object, expected as object, path);
  return null;
}

/** Every element must have the shape of some element of the corpus' array. */
function arrayMismatch(actual: unknown[], expected: unknown[], path: string): string | null {
  for (const [i, element] of actual.entries()) {
    const misses = expected.map((candidate) => shapeMismatch(element, candidate, `${path}[${i}]`));
    if (!misses.includes(null)) return misses[0] ?? `${path}[${i}]: the corpus has an empty array here`;
  }
  return null;
}

/** The same keys (none missing, none extra), each value of the same shape. */
function objectMismatch(actual: object, expected: object, path: string): string | null {
  const keys = Object.keys(actual).sort();
  const wanted = Object.keys(expected).sort();
  if (keys.join() !== wanted.join()) return `${path}: keys [${keys}] where the corpus has [${wanted}]`;
  for (const key of keys) {
    const miss = shapeMismatch(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (miss) return miss;
  }
  return null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * An errmsg with what varies per call replaced: the rid, the older hint, IPv4 addresses
 * (also inside `::ffff:`). Two answers of one shape then read the same.
 */
export function errmsgTemplate(errmsg: string): string {
  return errmsg
    .replace(/[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}/g, '<rid>')
    .replace(/hint: \[[^\]]{1,64}\]/g, 'hint: [<hint>]')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>');
}
