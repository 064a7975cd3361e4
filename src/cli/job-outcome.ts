import { z } from 'zod';

/*
 * What a finished job left in Redis, read back leniently: anything can write a job (an
 * older worker, a person), so an unexpected shape is shown raw instead of crashing the
 * CLI. Only the fields the CLI prints are checked.
 */

const count = z.number().int().nonnegative();

const kindSummarySchema = z.object({ pages: count, added: count, updated: count, unchanged: count }).loose();

export const syncSummarySchema = z
  .object({
    accountId: z.string(),
    kinds: z.record(z.string(), kindSummarySchema),
    durationMs: z.number().nonnegative(),
  })
  .loose();

export type ShownSyncSummary = z.infer<typeof syncSummarySchema>;

const text = z.string().nullish();

const diagnosticSchema = z
  .object({
    code: z.string(),
    summary: z.string(),
    accountId: text,
    appId: text,
    errcode: z.number().nullish(),
    errmsg: text,
    ip: text,
    ipv6: text,
    rid: text,
    endpoint: text,
    field: text,
    blockedUntil: text,
    remedy: z.array(z.string()),
  })
  .loose();

export type ShownDiagnostic = z.infer<typeof diagnosticSchema>;

/** The sync summary in a job's return value, or null when it has another shape. */
export function readSyncSummary(returnvalue: unknown): ShownSyncSummary | null {
  const parsed = syncSummarySchema.safeParse(returnvalue);
  return parsed.success ? parsed.data : null;
}

/** The worker puts a failure's diagnostic in `job.progress.diagnostic`; null when absent or malformed. */
export function readDiagnostic(progress: unknown): ShownDiagnostic | null {
  if (typeof progress !== 'object' || progress === null || !('diagnostic' in progress)) return null;
  const parsed = diagnosticSchema.safeParse(progress.diagnostic);
  return parsed.success ? parsed.data : null;
}
