import { z } from 'zod';
import { echoText, joinBounded } from '../log/bound-text.js';
import { syncJobDataSchema } from '../queue/index.js';
import { badRequest } from './api-errors.js';

const typeError = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : `must be ${expected}`;

/** The job-data rule for account ids (they become job ids and Redis keys), behind a clear type message. */
export const accountIdSchema = z
  .string({ error: typeError('a string') })
  .pipe(syncJobDataSchema.shape.accountId);

/** BullMQ ids must not contain ':'; ours are `[A-Za-z0-9_-]` (see queue/job-ids.ts), the length leaves room. */
export const jobIdSchema = z
  .string({ error: typeError('a string') })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, _ or -');

/** POST /official-api/wechat/sync. Strict: a misspelt `forse` must not silently mean "no force". */
export const syncRequestSchema = z
  .object(
    {
      accountId: accountIdSchema,
      force: z.boolean({ error: typeError('true or false') }).optional(),
    },
    { error: typeError('a JSON object') },
  )
  .strict();

export type SyncRequest = z.infer<typeof syncRequestSchema>;

/** POST /official-api/wechat/diagnosis: `{}` for every account, or one account. */
export const diagnosisRequestSchema = z
  .object({ accountId: z.unknown().optional() }, { error: typeError('a JSON object') })
  .strict();

/**
 * `<field>: <reason>` per problem, `; `-joined; `root` names a value that has no path (the
 * body itself, a param). Names and reasons are the caller's text: each is cut to
 * MAX_ECHOED characters without control characters, and at most MAX_LISTED_ISSUES listed.
 */
export function describeRequestIssues(error: z.ZodError, root: string): string {
  return joinBounded(
    error.issues.flatMap((issue) => {
      const field = issue.path.length > 0 ? echoText(issue.path.join('.')) : root;
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => `${echoText(key)}: unknown field`);
      return [`${field}: ${echoText(issue.message)}`];
    }),
  );
}

/** Validates one input at the route; throws a 400 with every reason. */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown, root: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(describeRequestIssues(result.error, root));
}
