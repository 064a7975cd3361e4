import { randomBytes } from 'node:crypto';

/** A Redis key prefix for platform-mode tests, unique per file and run (`ws14c-<name>-<hex>`). */
export function ws14Prefix(name: string): string {
  return `ws14c-${name}-${randomBytes(4).toString('hex')}`;
}
