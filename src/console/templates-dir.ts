import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the eta templates are. Beside this module when run from the sources (tsx, jest)
 * or from a build that copied them (npm run build does); else, for a build that did not,
 * the sources' folder seen from dist/src/console. Throws naming both places when neither
 * has them, so a broken deploy fails at start, not at the first page view.
 */
export function templatesDir(here: string = import.meta.dirname): string {
  const candidates = [join(here, 'templates'), resolve(here, '../../../src/console/templates')];
  const found = candidates.find((dir) => existsSync(join(dir, 'layout.eta')));
  if (!found) throw new Error(`console: templates not found in ${candidates.join(' or ')}`);
  return found;
}
