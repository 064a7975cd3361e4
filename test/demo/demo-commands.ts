/**
 * The CLI commands a remedy prints (`npm run cli -- unblock --account …`) read the
 * environment of a real deployment: the default QUEUE_PREFIX and accounts.json. Against
 * the demo they must name the demo's own prefix and accounts file, or they answer "not in
 * the accounts file". This rewrites them so that, pasted into a shell, they act on the demo
 * (its commands need no secrets: the demo's worker holds them).
 */
export interface DemoCliEnv {
  QUEUE_PREFIX: string;
  ACCOUNTS_FILE: string;
  REDIS_URL: string;
}

/** `QUEUE_PREFIX=… ACCOUNTS_FILE=… REDIS_URL=…`, for a shell (values are plain: no spaces or quotes). */
export function demoEnvPrefix(env: DemoCliEnv): string {
  return Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/** Every `npm run cli -- …` in a remedy step, prefixed with the demo's environment. */
export function demoRemedyStep(step: string, env: DemoCliEnv): string {
  return step.replaceAll('npm run cli -- ', `${demoEnvPrefix(env)} npm run cli -- `);
}
