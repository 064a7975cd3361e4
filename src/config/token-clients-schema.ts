import { z } from 'zod';

/** At least as long as API_TOKEN: the credential is a bearer token too. */
export const CLIENT_CREDENTIAL_MIN_LENGTH = 16;
export const DEFAULT_CLIENT_PER_MINUTE = 600;

const CLIENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const APP_ID = /^wx[0-9a-f]{16}$/;
const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Where a client's credential comes from; a literal is checked here, an env: value once it is read. */
export type CredentialRef = { kind: 'literal'; value: string } | { kind: 'env'; variable: string };

const shown = (input: unknown): string => (JSON.stringify(input) ?? String(input)).slice(0, 80);
const requiredOr = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'required' : `must be ${what}`;

/** The problem with a credential value, or null. Never quotes the value. */
export function credentialProblem(value: string): string | null {
  if (value.length < CLIENT_CREDENTIAL_MIN_LENGTH) {
    return `must be at least ${CLIENT_CREDENTIAL_MIN_LENGTH} characters (got ${value.length})`;
  }
  if (/\s/.test(value)) return 'must not contain whitespace';
  return null;
}

const credential = z
  .string({ error: requiredOr('a string ("env:VARIABLE" or a literal of 16+ characters)') })
  .transform((raw, ctx): CredentialRef => {
    if (raw.startsWith('env:')) {
      const variable = ENV_REF.exec(raw)?.[1];
      if (variable !== undefined) return { kind: 'env', variable };
      ctx.addIssue({
        code: 'custom',
        message: 'env: must be followed by a variable name, e.g. "env:CRM_TOKEN"',
      });
      return z.NEVER;
    }
    const problem = credentialProblem(raw);
    if (problem === null) return { kind: 'literal', value: raw };
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

const client = z.strictObject(
  {
    clientId: z.string({ error: requiredOr('a string') }).regex(CLIENT_ID, {
      error: (iss) => `must be 1 to 64 characters of A-Z a-z 0-9 _ . -, got ${shown(iss.input)}`,
    }),
    credential,
    apps: z
      .array(
        z.string({ error: requiredOr('a string') }).regex(APP_ID, {
          error: (iss) => `must be "wx" followed by 16 lowercase hex characters, got ${shown(iss.input)}`,
        }),
        { error: 'must be an array of appIds' },
      )
      .min(1, { error: 'must name at least one app' }),
    perMinute: z
      .number({ error: 'must be a number of requests per minute' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(100_000, { error: 'must be at most 100000' })
      .default(DEFAULT_CLIENT_PER_MINUTE),
  },
  { error: (iss) => (iss.code === 'invalid_type' ? 'must be an object' : undefined) },
);

export type RawTokenClient = z.output<typeof client>;

export const tokenClientsSchema = z.array(client, { error: 'must be an array of clients' });
