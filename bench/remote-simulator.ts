import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryProcess } from '../test/helpers/entry-process.js';
import type { AppConfigInput } from '../test/simulator/index.js';

export interface RemoteSimulator {
  url: string;
  close(): Promise<void>;
}

/**
 * The simulator in a process of its own (`npm run simulator` with an apps file), so the
 * CPU it spends answering HTTP is not counted in the bench process's own CPU time
 * (process.cpuUsage), which is what "worker CPU per job" measures.
 */
export async function startRemoteSimulator(apps: Record<string, AppConfigInput>): Promise<RemoteSimulator> {
  const dir = mkdtempSync(join(tmpdir(), 'wechat-sync-bench-sim-'));
  const file = join(dir, 'apps.json');
  writeFileSync(file, JSON.stringify(apps));
  const proc = new EntryProcess('test/simulator/main.ts', [], { PORT: '0', SIM_APPS_FILE: file });
  try {
    const line = await proc.waitForLine((l) => l.startsWith('WeChat simulator listening on '), {
      timeoutMs: 30_000,
    });
    const url = /listening on (\S+)/.exec(line)?.[1];
    if (!url) throw new Error(`remote simulator: no URL in "${line}"`);
    return {
      url,
      async close() {
        proc.signal('SIGTERM');
        await proc.exited;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
