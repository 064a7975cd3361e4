import { z } from 'zod';
import { echoText, joinBounded } from '../log/bound-text.js';
import { TRIGGERS } from './names.js';

/**
 * Data of a `sync-account` job. Producers build it, workers re-validate it with this
 * same schema (jobs can be added to Redis by anything, including a person by hand).
 * Strict: an unknown field is a producer bug, not something to carry along silently.
 */
export const syncJobDataSchema = z
  .object({
    accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -'),
    force: z.boolean().default(false),
    trigger: z.enum(TRIGGERS),
  })
  .strict();

export type SyncJobData = z.infer<typeof syncJobDataSchema>;
/** What producers may pass (force is optional). */
export type SyncJobInput = z.input<typeof syncJobDataSchema>;

/**
 * Job data is `{accountId, force, trigger}`, about 80 bytes as JSON. Anything much larger
 * was not made by a producer of ours; the worker fails it before validating it.
 */
export const MAX_JOB_DATA_BYTES = 1024;

/** Why `data` is too large to be a sync job's data, or null. */
export function oversizedJobData(data: unknown): string | null {
  const bytes = Buffer.byteLength(JSON.stringify(data) ?? '');
  return bytes > MAX_JOB_DATA_BYTES
    ? `(data): ${bytes} bytes, over the limit of ${MAX_JOB_DATA_BYTES}`
    : null;
}

/**
 * One readable line for a bad payload, e.g. `accountId: must be 1-64 letters…; trigger:
 * invalid option`. Unknown keys are named one by one; every name and message is cut to
 * MAX_ECHOED characters without control characters, and at most MAX_LISTED_ISSUES are
 * listed: the keys come from whoever wrote the job, and the line reaches logs, the
 * failure summary and the board.
 */
export function describeIssues(error: z.ZodError): string {
  return joinBounded(
    error.issues.flatMap((issue) => {
      const field = issue.path.length > 0 ? echoText(issue.path.join('.')) : '(data)';
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => `${echoText(key)}: unknown field`);
      return [`${field}: ${echoText(issue.message)}`];
    }),
  );
}
