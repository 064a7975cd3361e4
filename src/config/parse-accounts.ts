import type { Account, PushSecrets } from './account.js';
import { accountsSchema, type RawAccount } from './accounts-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { Platform } from './platform.js';
import { accountsDocumentSchema, type RawPlatform } from './platforms-schema.js';
import { SecretResolver, type SecretsMode } from './resolve-secret.js';
import { issuesToProblems } from './zod-issues.js';

export type { SecretsMode } from './resolve-secret.js';

/** What the accounts file configures: its platforms (none in the array form) and accounts. */
export interface AccountsDocument {
  platforms: Platform[];
  accounts: Account[];
}

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

/** One problem per repeated value of each of `keys`, naming where it was first seen. */
export function duplicateProblems<T, K extends keyof T & string>(
  label: string,
  items: readonly T[],
  keys: readonly K[],
): ConfigProblem[] {
  return keys.flatMap((key) =>
    findDuplicates(items.map((item) => String(item[key]))).map(({ index, firstIndex }) => ({
      field: `${label}[${index}].${key}`,
      problem: `duplicate of ${label}[${firstIndex}]`,
    })),
  );
}

function resolveAccount(raw: RawAccount, at: string, secrets: SecretResolver): Account {
  const resolvePush = (push: NonNullable<RawAccount['push']>): PushSecrets => {
    const token = secrets.resolve(push.token, `${at}.push.token`);
    if (push.encodingAESKey === undefined) return { token };
    return { token, encodingAESKey: secrets.resolveAesKey(push.encodingAESKey, `${at}.push.encodingAESKey`) };
  };
  const { name, push, appSecret, platform, ...rest } = raw;
  const optional = {
    ...(push === undefined ? {} : { push: resolvePush(push) }),
    ...(name === undefined ? {} : { name }),
  };
  // The schema guarantees exactly one of the two.
  if (platform !== undefined) return { ...rest, platform, ...optional };
  if (appSecret === undefined) throw new TypeError('account without appSecret or platform');
  return { ...rest, appSecret: secrets.resolve(appSecret, `${at}.appSecret`), ...optional };
}

function resolvePlatform(raw: RawPlatform, at: string, secrets: SecretResolver): Platform {
  const { name, componentAppSecret, token, encodingAESKey, ...rest } = raw;
  return {
    ...rest,
    componentAppSecret: secrets.resolve(componentAppSecret, `${at}.componentAppSecret`),
    token: secrets.resolve(token, `${at}.token`),
    encodingAESKey: secrets.resolveAesKey(encodingAESKey, `${at}.encodingAESKey`),
    ...(name === undefined ? {} : { name }),
  };
}

function unknownPlatformProblems(
  label: string,
  accounts: readonly RawAccount[],
  platforms: readonly RawPlatform[],
): ConfigProblem[] {
  const ids = platforms.map((p) => p.platformId);
  const known = ids.length === 0 ? 'the file has no "platforms"' : `known: ${ids.join(', ')}`;
  return accounts.flatMap((account, index) =>
    account.platform === undefined || ids.includes(account.platform)
      ? []
      : [
          {
            field: `${label}[${index}].platform`,
            problem: `unknown platform "${account.platform}" (${known})`,
          },
        ],
  );
}

function parseRaw(
  json: unknown,
  label: string,
): { accounts: RawAccount[]; platforms: RawPlatform[]; root: string } {
  if (Array.isArray(json)) {
    const parsed = accountsSchema.safeParse(json);
    if (!parsed.success) throw ConfigError.fromProblems(issuesToProblems(label, parsed.error.issues));
    return { accounts: parsed.data, platforms: [], root: label };
  }
  const parsed = accountsDocumentSchema.safeParse(json);
  if (!parsed.success) throw ConfigError.fromProblems(issuesToProblems(label, parsed.error.issues));
  return { ...parsed.data, root: `${label}.accounts` };
}

/**
 * Validates the parsed accounts file (an array of accounts, or `{platforms, accounts}`)
 * and resolves `env:` secrets from `env`. `label` is the file's base name, used in every
 * field path (`accounts.json[1].appId`, `accounts.json.platforms[0].token`). Throws a
 * ConfigError listing every problem found.
 */
export function parseAccountsDocument(
  json: unknown,
  label: string,
  env: NodeJS.ProcessEnv,
  mode: SecretsMode = 'required',
): AccountsDocument {
  const raw = parseRaw(json, label);
  const platformsAt = `${label}.platforms`;
  const secrets = new SecretResolver(env, mode);
  const platforms = raw.platforms.map((p, i) => resolvePlatform(p, `${platformsAt}[${i}]`, secrets));
  const accounts = raw.accounts.map((a, i) => resolveAccount(a, `${raw.root}[${i}]`, secrets));
  const all = [
    ...duplicateProblems(platformsAt, raw.platforms, ['platformId', 'componentAppId']),
    ...duplicateProblems(raw.root, raw.accounts, ['accountId', 'appId']),
    ...unknownPlatformProblems(raw.root, raw.accounts, raw.platforms),
    ...secrets.problems,
  ];
  if (all.length > 0) throw ConfigError.fromProblems(all);
  return { platforms, accounts };
}

/** The accounts of an accounts file (either form); see parseAccountsDocument. */
export function parseAccounts(
  json: unknown,
  label: string,
  env: NodeJS.ProcessEnv,
  mode: SecretsMode = 'required',
): Account[] {
  return parseAccountsDocument(json, label, env, mode).accounts;
}
