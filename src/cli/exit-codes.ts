/**
 * Exit codes of `wechat-sync`, a contract for scripts and cron jobs that call the CLI
 * (README, CLI): 0 done (or enqueued without --wait), 1 the job failed (or the command
 * could not finish), 2 usage or configuration error, 3 gave up waiting (the job keeps
 * running), 4 cannot reach Redis (nothing was done: safe to run again).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  timedOut: 3,
  redis: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
