import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, test } from '@jest/globals';

/**
 * Suites that need something besides Node and Redis (promtool, chromium, PostgreSQL,
 * redis-server) run where it is present. Where it is absent, the suite is one skipped
 * test whose title starts with SKIP_MARK and names what to install; test/helpers/
 * skip-reporter.js prints one line per such suite at the end of the run. CI (.ci/run
 * sets WECHAT_SYNC_TESTS_REQUIRE_ALL=1; CI=true does the same) turns the skip into a
 * failing test, so CI still runs every suite.
 */
export const SKIP_MARK = 'skipped, needs';

export const REQUIRE_ALL = process.env.WECHAT_SYNC_TESTS_REQUIRE_ALL === '1' || process.env.CI === 'true';

/** The executable's path when `name` is on PATH (what a shell would run), else null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

type SuiteFn = (name: string, fn: () => void) => void;

/**
 * `describe` when `what` is available, else a suite of one skipped (or, under
 * REQUIRE_ALL, failing) test that says how to get it. `available` defaults to "`what` is
 * an executable on PATH"; pass a boolean for anything else (a PostgreSQL that answers).
 */
export function requireTool(what: string, install: string, available?: boolean): SuiteFn {
  const present = available ?? findOnPath(what) !== null;
  if (present) return describe;
  const reason = `${what} (${install})`;
  return (name, _fn) =>
    describe(name, () => {
      if (REQUIRE_ALL) {
        test(`needs ${reason}`, () => {
          throw new Error(
            `${what} is missing and WECHAT_SYNC_TESTS_REQUIRE_ALL/CI asks for every suite: ${install}`,
          );
        });
      } else {
        test.skip(`${SKIP_MARK} ${reason}`, () => {});
      }
    });
}
