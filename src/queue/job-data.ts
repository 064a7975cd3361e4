import { z } from 'zod';
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

/** One readable line for a bad payload, e.g. `accountId: must be 1-64 letters…; trigger: invalid option`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(data)'}: ${issue.message}`)
    .join('; ');
}
