/**
 * A Jest reporter that prints one line per suite skipped for a missing tool (see
 * require-tool.ts: a skipped test whose title starts with SKIP_MARK), after Jest's own
 * summary, so a skip is never silent:
 *   skipped: test/integration/ops-alerts.test.ts needs promtool (apt-get install prometheus)
 */
const SKIP_MARK = 'skipped, needs';

export default class SkipReporter {
  onRunComplete(_contexts, results) {
    const lines = new Set();
    for (const file of results.testResults) {
      const path = file.testFilePath.replace(`${process.cwd()}/`, '');
      for (const test of file.testResults) {
        if (test.status === 'pending' && test.title.startsWith(SKIP_MARK)) {
          lines.add(`skipped: ${path} needs${test.title.slice(SKIP_MARK.length)}`);
        }
      }
    }
    for (const line of lines) process.stderr.write(`${line}\n`);
  }
}
