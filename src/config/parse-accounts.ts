import type { Account, PushSecrets } from './account.js';
import { accountsSchema, type RawAccount, type SecretRef } from './accounts-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { Sensitive } from './sensitive.js';
import { issuesToProblems } from './zod-issues.js';

/** For each value seen before, where it was first seen. */
export function findDuplicates(values: readonly string[]): { index: number; firstIndex: number }[] {
  const firstSeen = new Map<string, number>();
  const duplicates: { index: number; firstIndex: number }[] = [];
  values.forEach((value, index) => {
    const firstIndex = firstSeen.get(value);
    if (firstIndex === undefined) firstSeen.set(value, index);
    else duplicates.push({ index, firstIndex });
  });
  return duplicates;
}

function duplicateProblems(label: string, accounts: readonly RawAccount[]): ConfigProblem[] {
  return (['accountId', 'appId'] as const).flatMap((key) =>
    findDuplicates(accounts.map((a) => a[key])).map(({ index, firstIndex }) => ({
      field: `${label}[${index}].${key}`,
      problem: `duplicate of ${label}[${firstIndex}]`,
    })),
  );
}

const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/**
 * `required`: every `env:` secret must be set (services, and CLI commands that call WeChat).
 * `optional`: an unset one leaves an empty secret, for commands that never call WeChat
 * (`locks`, `schedules`, `sync` without a worker in the same process), so an operator's
 * shell needs no secrets to inspect the queue.
 */
export type SecretsMode = 'required' | 'optional';

function resolveSecrets(
  label: string,
  raw: readonly RawAccount[],
  env: NodeJS.ProcessEnv,
  mode: SecretsMode,
) {
  const problems: ConfigProblem[] = [];
  const accounts = raw.map((account, index): Account => {
    // The schema already refused a blank literal; an env: reference is checked here.
    const resolve = (ref: SecretRef, field: string): Sensitive => {
      const value = ref.kind === 'literal' ? ref.value : (env[ref.variable] ?? '');
      if (ref.kind === 'env' && value === '' && mode === 'required') {
        problems.push({
          field: `${label}[${index}].${field}`,
          problem: `environment variable ${ref.variable} is not set`,
        });
      }
      return new Sensitive(value);
    };
    const resolvePush = (raw: NonNullable<RawAccount['push']>): PushSecrets => {
      const token = resolve(raw.token, 'push.token');
      if (raw.encodingAESKey === undefined) return { token };
      const key = resolve(raw.encodingAESKey, 'push.encodingAESKey');
      // The value is never echoed: it is a secret.
      if (key.reveal() !== '' && !ENCODING_AES_KEY.test(key.reveal())) {
        problems.push({
          field: `${label}[${index}].push.encodingAESKey`,
          problem: 'must be 43 characters of A-Z a-z 0-9 + /',
        });
      }
      return { token, encodingAESKey: key };
    };
    const { name, push, ...rest } = account;
    return {
      ...rest,
      appSecret: resolve(account.appSecret, 'appSecret'),
      ...(push === undefined ? {} : { push: resolvePush(push) }),
      ...(name === undefined ? {} : { name }),
    };
  });
  return { accounts, problems };
}

/**
 * Validates the parsed accounts file and resolves `env:` secrets from `env`. `label` is
 * the file's base name, used in every field path (`accounts.json[1].appId`). Throws a
 * ConfigError listing every problem found.
 */
export function parseAccounts(
  json: unknown,
  label: string,
  env: NodeJS.ProcessEnv,
  secrets: SecretsMode = 'required',
): Account[] {
  const parsed = accountsSchema.safeParse(json);
  if (!parsed.success) {
    throw ConfigError.fromProblems(issuesToProblems(label, parsed.error.issues));
  }
  const { accounts, problems } = resolveSecrets(label, parsed.data, env, secrets);
  const all = [...duplicateProblems(label, parsed.data), ...problems];
  if (all.length > 0) throw ConfigError.fromProblems(all);
  return accounts;
}
