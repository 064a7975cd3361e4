import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { findOnPath, requireTool } from '../helpers/require-tool.js';

/*
 * ops/alerts.yml is checked by promtool itself (Debian's `prometheus` package; .ci/run
 * installs it): syntax and PromQL with `check rules`, and behaviour with the unit tests
 * in ops/alerts.test.yml (`test rules`: each alert fires on the series it is for and
 * stays quiet on the ones it is not). Without promtool on PATH the suite is skipped with
 * one line saying how to get it (failing under CI's switch, see require-tool.ts).
 */
const OPS = join(import.meta.dirname, '../../ops');
const promtool = findOnPath('promtool');

function run(args: string[]): { status: number | null; output: string } {
  if (!promtool) throw new Error('promtool not found: apt-get install prometheus (see .ci/run)');
  const result = spawnSync(promtool, args, { cwd: OPS, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

requireTool('promtool', 'apt-get install prometheus')('ops/alerts.yml', () => {
  test('is valid Prometheus rules with the six alerts', () => {
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
