import { UnrecoverableError } from 'bullmq';
import type { FailureDiagnostic } from '../failures/index.js';

/**
 * The error that fails a job for good. Its message is the one human sentence that
 * becomes `failedReason`. Its stack is replaced by the diagnostic: BullMQ stores
 * `err.stack` as the job's stacktrace, which Bull Board's Error tab shows under the
 * reason; for a configuration fault our call stack is noise and the remedy is what
 * an operator needs to read there.
 */
export function unrecoverable(diagnostic: FailureDiagnostic): UnrecoverableError {
  const error = new UnrecoverableError(diagnostic.summary);
  const steps = diagnostic.remedy.map((step, i) => `  ${i + 1}. ${step}`).join('\n');
  error.stack = `${diagnostic.summary}\n\nHow to fix:\n${steps}\n\nDiagnostic:\n${JSON.stringify(diagnostic, null, 2)}`;
  return error;
}
