import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type AppConfigInput, appsFileSchema } from './config.js';
import { type PlatformConfigInput, platformsFileSchema } from './platform-config.js';
import { pushTicketNow } from './platform-events.js';
import { startSimulator } from './server.js';
import type { SimulatorState } from './state.js';

interface SimulatorFile {
  apps: Record<string, AppConfigInput>;
  platforms: Record<string, PlatformConfigInput>;
}

/**
 * Reads `{ [appId]: AppConfigInput }`, or `{ "apps": {…}, "platforms": { [componentAppId]:
 * PlatformConfigInput } }` (a file whose only keys are `apps` / `platforms`); every
 * problem names the file and, where it can, the field.
 */
async function loadAppsFile(path: string): Promise<SimulatorFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`SIM_APPS_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const keys = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
  const sectioned = keys.length > 0 && keys.every((key) => key === 'apps' || key === 'platforms');
  if (!sectioned) return { apps: parseSection(path, appsFileSchema, raw, ''), platforms: {} };
  const { apps, platforms } = raw as { apps?: unknown; platforms?: unknown };
  return {
    apps: parseSection(path, appsFileSchema, apps ?? {}, 'apps.'),
    platforms: parseSection(path, platformsFileSchema, platforms ?? {}, 'platforms.'),
  };
}

function parseSection<T>(path: string, schema: z.ZodType<T>, raw: unknown, prefix: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = `${prefix}${issue?.path.join('.') ?? ''}`.replace(/\.$/, '') || '(top level)';
  throw new Error(`SIM_APPS_FILE ${path}: ${at}: ${issue?.message}`);
}

/** WeChat pushes each platform's ticket every 10 minutes; the standalone simulator does too (SIM_TICKET_INTERVAL_SEC). */
function pushTicketsEvery(state: SimulatorState, seconds: number): NodeJS.Timeout {
  const pushAll = () => {
    for (const id of state.platformIds()) {
      const platform = state.platform(id);
      if (platform?.config.eventUrl) void pushTicketNow(state, platform);
    }
  };
  pushAll();
  return setInterval(pushAll, seconds * 1000).unref();
}

/**
 * `npm run simulator`: a simulator for the demo and manual runs. PORT (8085), HOST
 * (127.0.0.1), SIM_APPS_FILE and SIM_TICKET_INTERVAL_SEC (600) come from the environment;
 * this entry point is the only place that reads it.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8085);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT: not a port: ${process.env.PORT}`);
  const interval = Number(process.env.SIM_TICKET_INTERVAL_SEC ?? 600);
  if (!Number.isInteger(interval) || interval < 1)
    throw new Error(
      `SIM_TICKET_INTERVAL_SEC: not a whole number of seconds >= 1: ${process.env.SIM_TICKET_INTERVAL_SEC}`,
    );
  const file = process.env.SIM_APPS_FILE
    ? await loadAppsFile(process.env.SIM_APPS_FILE)
    : { apps: {}, platforms: {} };
  const sim = await startSimulator({ port, host: process.env.HOST ?? '127.0.0.1' });
  for (const [appId, cfg] of Object.entries(file.apps)) sim.state.putApp(appId, cfg);
  for (const [componentAppId, cfg] of Object.entries(file.platforms))
    sim.state.putPlatform(componentAppId, cfg);
  const platforms = Object.keys(file.platforms).length;
  const counts = `apps: ${Object.keys(file.apps).length}${platforms > 0 ? `, platforms: ${platforms}` : ''}`;
  console.log(`WeChat simulator listening on ${sim.url} (${counts})`);
  const ticketTimer = pushTicketsEvery(sim.state, interval);
  const stop = () => {
    clearInterval(ticketTimer);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
