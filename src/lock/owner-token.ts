import { randomBytes } from 'node:crypto';

/**
 * A lock owner token unique to one job run. The readable parts help an operator reading
 * `lock:{…}`; the random tail makes it unique even when the same job id runs twice on
 * one host and pid (a retry, or a stalled job re-run), so a stale run can never pass
 * for the current one in a compare-and-delete.
 */
export function ownerToken(
  host: string,
  pid: number,
  jobId: string,
  random = randomBytes(8).toString('hex'),
): string {
  return `${host}:${pid}:${jobId}:${random}`;
}
