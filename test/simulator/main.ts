import { readFile } from 'node:fs/promises';
import { type AppConfigInput, appsFileSchema } from './config.js';
import { startSimulator } from './server.js';

/** Reads `{ [appId]: AppConfigInput }`; every problem names the file and, where it can, the field. */
async function loadAppsFile(path: string): Promise<Record<string, AppConfigInput>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`SIM_APPS_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = appsFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`SIM_APPS_FILE ${path}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`);
}

/**
 * `npm run simulator`: a simulator for the demo and manual runs. PORT (8085), HOST
 * (127.0.0.1) and SIM_APPS_FILE come from the environment; this entry point is the only
 * place that reads it.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8085);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT: not a port: ${process.env.PORT}`);
  const apps = process.env.SIM_APPS_FILE ? await loadAppsFile(process.env.SIM_APPS_FILE) : {};
  const sim = await startSimulator({ port, host: process.env.HOST ?? '127.0.0.1' });
  for (const [appId, cfg] of Object.entries(apps)) sim.state.putApp(appId, cfg);
  console.log(`WeChat simulator listening on ${sim.url} (apps: ${Object.keys(apps).length})`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
