import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseJsonText } from './accounts-file.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { duplicateProblems, findDuplicates } from './parse-accounts.js';
import type { TokenClient } from './token-client.js';
import { credentialProblem, type RawTokenClient, tokenClientsSchema } from './token-clients-schema.js';
import { issuesToProblems } from './zod-issues.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

function resolveClient(
  raw: RawTokenClient,
  at: string,
  env: NodeJS.ProcessEnv,
  knownApps: ReadonlySet<string>,
  problems: ConfigProblem[],
): TokenClient {
  const ref = raw.credential;
  const value = ref.kind === 'literal' ? ref.value : (env[ref.variable] ?? '');
  if (ref.kind === 'env') {
    const problem =
      value === '' ? `environment variable ${ref.variable} is not set` : credentialProblem(value);
    if (problem)
      problems.push({ field: `${at}.credential`, problem: problem.replace(/^must/, `${ref.variable} must`) });
  }
  raw.apps.forEach((appId, i) => {
    if (!knownApps.has(appId))
      problems.push({
        field: `${at}.apps[${i}]`,
        problem: `unknown app ${appId} (no account in the accounts file has it)`,
      });
  });
  return {
    clientId: raw.clientId,
    credentialDigest: digest(value),
    apps: new Set(raw.apps),
    perMinute: raw.perMinute,
  };
}

/**
 * Validates the parsed clients file against the configured accounts and resolves `env:`
 * credentials. Throws a ConfigError listing every problem; a field path reads like
 * `token-clients.json[0].apps[1]`.
 */
export function parseTokenClients(
  json: unknown,
  label: string,
  env: NodeJS.ProcessEnv,
  knownApps: ReadonlySet<string>,
): TokenClient[] {
  const parsed = tokenClientsSchema.safeParse(json);
  if (!parsed.success) throw ConfigError.fromProblems(issuesToProblems(label, parsed.error.issues));
  const problems: ConfigProblem[] = duplicateProblems(label, parsed.data, ['clientId']);
  const clients = parsed.data.map((raw, i) => resolveClient(raw, `${label}[${i}]`, env, knownApps, problems));
  // Two clients with one credential could not be told apart (the credential names the client).
  for (const { index, firstIndex } of findDuplicates(
    clients.map((c) => c.credentialDigest.toString('hex')),
  )) {
    problems.push({
      field: `${label}[${index}].credential`,
      problem: `same credential as ${label}[${firstIndex}]`,
    });
  }
  if (problems.length > 0) throw ConfigError.fromProblems(problems);
  return clients;
}

/** Reads TOKEN_CLIENTS_FILE (absolute path `file`). */
export function loadTokenClientsFile(
  file: string,
  label: string,
  env: NodeJS.ProcessEnv,
  knownApps: ReadonlySet<string>,
): TokenClient[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new ConfigError(
      'TOKEN_CLIENTS_FILE',
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseTokenClients(parseJsonText(text, label), label, env, knownApps);
}
