/**
 * Exit codes of `wechat-sync`, a contract for scripts and cron jobs that call the CLI:
 * 0 done (or enqueued without --wait), 1 the job failed (or the command could not
 * finish, e.g. Redis unreachable), 2 usage or configuration error, 3 gave up waiting
 * (the job keeps running).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  timedOut: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
