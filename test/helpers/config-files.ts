import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway directory for accounts files; `remove()` in afterAll. */
export function createConfigDir(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `wechat-sync-${name}-`));
  return {
    dir,
    /** Writes `content` (a string as is, anything else as JSON) to `file` under the directory. */
    write(file: string, content: unknown): string {
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid account; override fields per test. */
export function account(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId: `acct_${index}`,
    appId: `wx${index.toString(16).padStart(16, '0')}`,
    appSecret: `literal-secret-${index}-abcdef`,
    ...overrides,
  };
}
