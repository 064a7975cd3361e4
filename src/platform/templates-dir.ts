import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the landing page's eta template is: beside this module (sources, or a build that
 * copied it: npm run build does), else the sources' folder seen from dist/src/platform.
 * Throws naming both places, so a broken deploy fails at start, not at an admin's redirect.
 */
export function platformTemplatesDir(here: string = import.meta.dirname): string {
  const candidates = [join(here, 'templates'), resolve(here, '../../../src/platform/templates')];
  const found = candidates.find((dir) => existsSync(join(dir, 'authorized.eta')));
  if (!found) throw new Error(`platform: templates not found in ${candidates.join(' or ')}`);
  return found;
}
