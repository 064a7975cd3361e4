import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { account, createConfigDir } from '../helpers/config-files.js';

const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const entry = resolve(root, 'test/helpers/config-check.ts');
const files = createConfigDir('config-exit');
const goodFile = files.write('accounts.json', [account(1), account(2)]);
afterAll(() => files.remove());

/** tsx compiles the entry on every start: seconds on a loaded machine. */
const CHILD_TIMEOUT_MS = 60_000;

/** Runs the config-check entry point with exactly `env` (plus PATH) and collects its output. */
function runEntry(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, [entry], { cwd: root, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('loadConfigOrExit in a real process', () => {
  test(
    'a bad variable: exit code 2, exactly one stderr line, no stack trace',
    async () => {
      const run = await runEntry({ ACCOUNTS_FILE: goodFile, PORT: 'abc' });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('config error: PORT: must be an integer between 1 and 65535, got "abc"\n');
      expect(run.stderr).not.toContain('    at ');
      expect(run.stdout).toBe('');
    },
    CHILD_TIMEOUT_MS,
  );

  test(
    'a bad accounts file: exit code 2 and its one line',
    async () => {
      const run = await runEntry({ ACCOUNTS_FILE: `${files.dir}/missing.json` });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `config error: ACCOUNTS_FILE: cannot read ${files.dir}/missing.json (ENOENT)\n`,
      );
    },
    CHILD_TIMEOUT_MS,
  );

  test(
    'a good configuration starts (the same entry, so the failures above are the config)',
    async () => {
      const run = await runEntry({ ACCOUNTS_FILE: goodFile });
      expect(run).toEqual({ code: 0, stdout: 'ok 2 accounts\n', stderr: '' });
    },
    CHILD_TIMEOUT_MS,
  );
});
