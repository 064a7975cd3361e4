import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

/*
 * ops/alerts.yml is checked by promtool itself (Debian's `prometheus` package; .ci/run
 * installs it): syntax and PromQL with `check rules`, and behaviour with the unit tests
 * in ops/alerts.test.yml (`test rules`: each alert fires on the series it is for and
 * stays quiet on the ones it is not). Without promtool the test fails and says how to get it.
 */
const OPS = join(import.meta.dirname, '../../ops');
const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));

function run(args: string[]): { status: number | null; output: string } {
  if (!promtool) throw new Error('promtool not found: apt-get install prometheus (see .ci/run)');
  const result = spawnSync(promtool, args, { cwd: OPS, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('ops/alerts.yml', () => {
  test('is valid Prometheus rules with the five alerts', () => {
    const { status, output } = run(['check', 'rules', 'alerts.yml']);
    expect(output).toContain('SUCCESS: 6 rules found');
    expect(status).toBe(0);
  });

  test('passes its promtool unit tests (each alert fires when it should, and only then)', () => {
    const { status, output } = run(['test', 'rules', 'alerts.test.yml']);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });
});
