import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * `npm start` (and the other role scripts) run the compiled dist/ with plain node: no
 * tsx wrapper process between a container's init and the service, so SIGTERM reaches it.
 * `npm ci` builds dist/ (the `prepare` script); this pre-script rebuilds only when a
 * source is newer than the build, so a fresh clone and an edited checkout both start
 * right, and an unchanged one starts without the ~10-30 s of a tsc run. Hand-written
 * because it is a dozen lines of stat calls; tsc --incremental alone takes seconds even
 * when nothing changed.
 */
const SOURCES = ['src', 'producers', 'workers'];
const STAMP = 'dist/producers/start.js';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

const newestSource = Math.max(...SOURCES.map(newestMtime), statSync('package-lock.json').mtimeMs);
if (builtAt() < newestSource) {
  process.stderr.write('building dist/ (sources changed since the last build)\n');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  process.exit(tsc.status ?? 1);
}
