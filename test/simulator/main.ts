import { readFile } from 'node:fs/promises';
import { appsFileSchema } from './config.js';
import { startSimulator } from './server.js';

/**
 * `npm run simulator`: a simulator for the demo and manual runs. PORT (8085), HOST
 * (127.0.0.1) and SIM_APPS_FILE (JSON `{ [appId]: AppConfigInput }`) come from the
 * environment; this entry point is the only place that reads it.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8085);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT: not a port: ${process.env.PORT}`);
  const host = process.env.HOST ?? '127.0.0.1';
  const sim = await startSimulator({ port, host });
  const appsFile = process.env.SIM_APPS_FILE;
  if (appsFile) {
    const parsed = appsFileSchema.safeParse(JSON.parse(await readFile(appsFile, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      await sim.close();
      throw new Error(`SIM_APPS_FILE ${appsFile}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    for (const [appId, cfg] of Object.entries(parsed.data)) sim.state.putApp(appId, cfg);
  }
  console.log(`WeChat simulator listening on ${sim.url} (${sim.state.appIds().length} apps)`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
