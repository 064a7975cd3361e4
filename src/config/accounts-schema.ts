import { z } from 'zod';
import { type Schedule, SYNC_KINDS, type SyncKind } from './account.js';
import { parseCron, parseEvery, type ScheduleResult } from './schedule.js';

/** Where an account's secret comes from: written in the file, or named environment variable. */
export type SecretRef = { kind: 'literal'; value: string } | { kind: 'env'; variable: string };

const shown = (input: unknown): string => JSON.stringify(input) ?? String(input);
const requiredOr = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'required' : `must be ${what}`;

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const APP_ID = /^wx[0-9a-f]{16}$/;
const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export const accountId = z.string({ error: requiredOr('a string') }).regex(ACCOUNT_ID, {
  error: (iss) =>
    `must be 1 to 64 characters of A-Z a-z 0-9 _ - (it becomes part of BullMQ job ids and Redis keys, which must not contain ":"), got ${shown(iss.input)}`,
});

export const appId = z.string({ error: requiredOr('a string') }).regex(APP_ID, {
  error: (iss) => `must be "wx" followed by 16 lowercase hex characters, got ${shown(iss.input)}`,
});

/** Messages never echo the value: it may be a literal secret. */
export const secretRef = z
  .string({ error: requiredOr('a string ("<secret>" or "env:VARIABLE")') })
  .transform((raw, ctx): SecretRef => {
    if (raw.startsWith('env:')) {
      const variable = ENV_REF.exec(raw)?.[1];
      if (variable !== undefined) return { kind: 'env', variable };
      ctx.addIssue({
        code: 'custom',
        message: 'env: must be followed by a variable name, e.g. "env:WX_SECRET_MAIN"',
      });
      return z.NEVER;
    }
    if (raw.trim() !== '') return { kind: 'literal', value: raw };
    ctx.addIssue({ code: 'custom', message: 'must not be blank' });
    return z.NEVER;
  });
const appSecret = secretRef;

/**
 * WeChat's server-URL settings of the account (开发 → 基本配置 → 服务器配置): the Token
 * that signs pushes and, for compatible and safe mode, the EncodingAESKey. Both may be
 * `env:` references like the AppSecret; the key's shape is checked once resolved.
 */
const push = z
  .strictObject(
    { token: secretRef, encodingAESKey: secretRef.optional() },
    {
      error: (iss) =>
        iss.code === 'invalid_type' ? 'must be an object {"token", "encodingAESKey"?}' : undefined,
    },
  )
  .optional();

function fromResult(result: ScheduleResult, ctx: z.RefinementCtx, key: string): Schedule {
  if ('value' in result) return result.value;
  ctx.addIssue({ code: 'custom', path: [key], message: result.problem });
  return z.NEVER;
}

const scheduleShape = z.strictObject(
  {
    every: z
      .union([z.string(), z.number()], { error: 'must be a duration string like "15m" or milliseconds' })
      .optional(),
    cron: z.string({ error: 'must be a cron pattern string like "*/15 * * * *"' }).optional(),
  },
  {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? 'must be an object: {"every": "15m"} or {"cron": "*/15 * * * *"}'
        : undefined,
  },
);

const schedule = scheduleShape
  .nullable()
  .optional()
  .transform((value, ctx): Schedule | null => {
    if (value === undefined || value === null) return null;
    if (value.every !== undefined && value.cron !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must have either "every" or "cron", not both' });
      return z.NEVER;
    }
    if (value.every !== undefined) return fromResult(parseEvery(value.every), ctx, 'every');
    if (value.cron !== undefined) return fromResult(parseCron(value.cron), ctx, 'cron');
    ctx.addIssue({
      code: 'custom',
      message: 'must have "every" (e.g. "15m") or "cron" (e.g. "*/15 * * * *")',
    });
    return z.NEVER;
  });

const syncKind = z.enum(SYNC_KINDS, {
  error: (iss) => `must be one of ${SYNC_KINDS.join(', ')}, got ${shown(iss.input)}`,
});

const sync = z
  .array(syncKind, { error: `must be an array of ${SYNC_KINDS.join(', ')}` })
  .min(1, { error: `must not be empty (leave it out for the default ["articles"])` })
  .superRefine((kinds, ctx) => {
    kinds.forEach((kind, i) => {
      const first = kinds.indexOf(kind);
      if (first !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate of sync[${first}]` });
    });
  })
  .default(['articles'] as SyncKind[]);

/** The platformId of a platform in the same file (checked there, see parse-accounts.ts). */
const platform = z
  .string({ error: 'must be a string (the platformId of one of "platforms")' })
  .regex(ACCOUNT_ID, {
    error: (iss) => `must be the platformId of one of "platforms", got ${shown(iss.input)}`,
  });

const account = z
  .strictObject(
    {
      accountId,
      appId,
      appSecret: appSecret.optional(),
      platform: platform.optional(),
      schedule,
      sync,
      push,
      name: z.string({ error: 'must be a string' }).optional(),
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
  )
  .superRefine((value, ctx) => {
    // Exactly one way to get tokens: the account's own AppSecret, or a platform it authorised.
    if (value.appSecret !== undefined && value.platform !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['platform'],
        message:
          'must not be set together with "appSecret" (an account uses its own AppSecret or a platform, not both)',
      });
    } else if (value.appSecret === undefined && value.platform === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['appSecret'],
        message:
          'required (a string "<secret>" or "env:VARIABLE"), unless the account names a third-party platform with "platform"',
      });
    }
  });

export type RawAccount = z.output<typeof account>;

export const accountsSchema = z.array(account, { error: 'must be an array of accounts' });
