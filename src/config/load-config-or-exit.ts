import { writeSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { type AppConfig, loadConfig } from './load-config.js';
import type { SecretsMode } from './parse-accounts.js';

/** A file with thousands of broken accounts should not bury the first, most useful line. */
const MAX_LINES = 10;

/** One line per problem, the first one self-sufficient; never a stack trace. */
export function formatConfigError(err: ConfigError): string {
  const lines = err.problems.slice(0, MAX_LINES).map((p) => `config error: ${p.field}: ${p.problem}`);
  const hidden = err.problems.length - MAX_LINES;
  if (hidden > 0)
    lines.push(`config error: ${hidden} more ${hidden === 1 ? 'problem' : 'problems'} not shown`);
  return `${lines.join('\n')}\n`;
}

/**
 * For entry points: the config, or `config error: <field>: <problem>` on stderr and exit
 * code 2. writeSync because stderr is asynchronous on some platforms (pipes on macOS) and
 * process.exit would drop the line.
 */
export function loadConfigOrExit(
  env: NodeJS.ProcessEnv = process.env,
  opts: { secrets?: SecretsMode } = {},
): AppConfig {
  try {
    return loadConfig(env, opts);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    writeSync(2, formatConfigError(err));
    process.exit(2);
  }
}
